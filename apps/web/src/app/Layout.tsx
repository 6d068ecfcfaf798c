import { Suspense } from 'react';
import { Outlet, useLocation } from 'react-router';
import { useAuth } from '@web/lib/auth-store';
import { AccountGate } from '@web/modules/auth/components/AccountGate';
import { EmailVerificationNotice } from '@web/modules/auth/components/EmailVerificationNotice';
import { StepUpDialog } from '@web/modules/auth/components/StepUpDialog';
import { LoadingState } from '@web/ui/LoadingState';
import { Footer } from './Footer';
import { Header } from './Header';
import { LiveRegion } from './LiveRegion';
import { SessionEffects } from './SessionEffects';
import { SkipLink } from './SkipLink';
import { useRouteFocus } from './use-route-focus';

/** The page shell: skip link, header, main (with the live region) and footer. */
export function Layout() {
  const { status } = useAuth();
  const { pathname } = useLocation();
  useRouteFocus();
  // These pages say it themselves (or are where the address gets confirmed).
  const verifyNotice = !['/verify-email', '/pending', '/account'].includes(pathname);
  return (
    <>
      <SessionEffects />
      <SkipLink />
      <Header />
      <div className="govuk-width-container app-width-container">
        <main className="govuk-main-wrapper app-main" id="main-content" tabIndex={-1}>
          {status === 'loading' ? (
            <LoadingState label="Loading OCVRN…" />
          ) : (
            // Pages loaded on first use (see router.tsx) show this while their code arrives.
            <AccountGate>
              {verifyNotice ? <EmailVerificationNotice /> : null}
              <Suspense fallback={<LoadingState />}>
                <Outlet />
              </Suspense>
            </AccountGate>
          )}
          <LiveRegion />
          <StepUpDialog />
        </main>
      </div>
      <Footer />
    </>
  );
}
