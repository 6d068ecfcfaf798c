import { useEffect } from 'react';
import { Link, useLocation } from 'react-router';
import { useAuth } from '@web/lib/auth-store';
import { usePageTitle } from '@web/lib/use-page-title';
import { SECURITY_SECTION_ID } from '@web/modules/auth/components/AccountGate';
import type { AccountLocationState } from '@web/modules/auth/components/account/account-state';
import { AuthenticatorSection } from '@web/modules/auth/components/account/AuthenticatorSection';
import { EmailSection } from '@web/modules/auth/components/account/EmailSection';
import { RecoveryCodesSection } from '@web/modules/auth/components/account/RecoveryCodesSection';
import { PasskeysSection } from '@web/modules/auth/components/PasskeysSection';
import { SessionsSection } from '@web/modules/auth/components/account/SessionsSection';
import { useMe } from '@web/modules/auth/hooks/use-me';
import {
  YOUR_DATA_SECTION_ID,
  YourDataSection,
} from '@web/modules/data-rights/components/YourDataSection';
import { NotificationBanner } from '@web/ui/NotificationBanner';
import { SummaryList } from '@web/ui/SummaryList';
import '@web/modules/auth/account.css';

/**
 * `/account`: the account's profile basics, email address, password, second factors and
 * sessions. A role that needs a second factor is sent to its security section first.
 */
export function AccountPage() {
  const { user } = useAuth();
  const location = useLocation();
  const state = (location.state ?? {}) as AccountLocationState;
  // Fresh from the server: second factors and the address may have changed elsewhere.
  useMe();
  usePageTitle('Your account');

  useEffect(() => {
    if (location.hash === `#${SECURITY_SECTION_ID}`) {
      document.getElementById(SECURITY_SECTION_ID)?.scrollIntoView({ block: 'start' });
    } else if (location.hash === `#${YOUR_DATA_SECTION_ID}`) {
      document.getElementById(YOUR_DATA_SECTION_ID)?.scrollIntoView({ block: 'start' });
    }
  }, [location.hash]);

  if (!user) return null;
  const member = user.status === 'approved';

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {user.mfaEnrolmentRequired ? (
          <NotificationBanner id="mfa-gate">
            <p className="govuk-notification-banner__heading">
              Your role needs a second factor: set one up to continue
            </p>
            <p className="govuk-body">
              <a className="govuk-notification-banner__link" href={`#${SECURITY_SECTION_ID}`}>
                Set up an authenticator app or add a passkey
              </a>{' '}
              below. You can use the rest of the site once you have one.
            </p>
          </NotificationBanner>
        ) : state.message ? (
          <NotificationBanner id="account-done" type="success">
            <p className="govuk-notification-banner__heading">{state.message}</p>
          </NotificationBanner>
        ) : null}
        <h1 className="govuk-heading-xl">Your account</h1>

        <section className="app-account-section" id="profile" aria-labelledby="profile-heading">
          <h2 className="govuk-heading-l" id="profile-heading">
            Profile
          </h2>
          <SummaryList
            rows={[
              { key: 'Name', value: user.name },
              { key: 'Organisation', value: user.organisation },
            ]}
          />
          <p className="govuk-body">
            {member ? (
              <Link to="/members/me/edit" className="govuk-link">
                Edit your profile in the directory
              </Link>
            ) : (
              <Link to="/pending" className="govuk-link">
                See your application
              </Link>
            )}
          </p>
        </section>

        <EmailSection />

        <section className="app-account-section" id="password" aria-labelledby="password-heading">
          <h2 className="govuk-heading-l" id="password-heading">
            Password
          </h2>
          <p className="govuk-body">
            Change it if you think someone else might know it. Your other sessions will be signed
            out.
          </p>
          <p className="govuk-body">
            <Link to="/account/password" className="govuk-link">
              Change your password
            </Link>
          </p>
        </section>

        <section
          className="app-account-section"
          id={SECURITY_SECTION_ID}
          aria-labelledby="security-heading"
          tabIndex={-1}
        >
          <h2 className="govuk-heading-l" id="security-heading">
            Second factors
          </h2>
          <p className="govuk-body">
            A second factor proves it is you when you sign in, on top of your password.
          </p>
          <AuthenticatorSection />
          <PasskeysSection />
          <RecoveryCodesSection />
        </section>

        <SessionsSection />

        <YourDataSection />
      </div>
    </div>
  );
}
