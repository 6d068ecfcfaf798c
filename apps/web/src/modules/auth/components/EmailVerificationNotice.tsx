import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage, isApiError, tooManyAttemptsMessage } from '@web/lib/api';
import { useAuth } from '@web/lib/auth-store';
import { NotificationBanner } from '@web/ui/NotificationBanner';
import { resendVerification } from '../api/account-api';
import { reloadMe } from '../hooks/use-me';

export interface EmailVerificationNoticeProps {
  /** `banner` above every page; `inline` inside a page (the pending page, the account page). */
  variant?: 'banner' | 'inline';
}

/**
 * For a signed-in user whose address is not proved yet: where the link went, and a button
 * to send it again (`POST /auth/verify-email/resend`, a few an hour).
 */
export function EmailVerificationNotice({ variant = 'banner' }: EmailVerificationNoticeProps) {
  const { status, user } = useAuth();
  const [message, setMessage] = useState<string | null>(null);
  const resend = useMutation({ mutationFn: resendVerification });

  if (status !== 'signed-in' || !user || user.emailVerified) return null;

  const onResend = () => {
    if (resend.isPending) return;
    setMessage(null);
    resend.mutate(undefined, {
      onSuccess: () => setMessage(`We have sent a new link to ${user.email}.`),
      onError: (error) => {
        if (isApiError(error) && error.code === 'EMAIL_ALREADY_VERIFIED') {
          // Confirmed in another tab or device meanwhile: the notice goes away.
          void reloadMe().catch(() => undefined);
          return;
        }
        setMessage(
          isApiError(error) && error.status === 429
            ? `${tooManyAttemptsMessage(error)}. ${error.detail ?? ''}`.trim()
            : errorMessage(error),
        );
      },
    });
  };

  const body = (
    <>
      <p className="govuk-body">
        We sent a link to {user.email}. Follow it to confirm the address is yours. The link works
        for 24 hours.
      </p>
      <p className="govuk-body govuk-!-margin-bottom-0">
        <button
          type="button"
          className="app-link-button"
          onClick={onResend}
          aria-disabled={resend.isPending ? true : undefined}
        >
          Send the link again
        </button>
      </p>
      <p className="govuk-body govuk-!-margin-top-2 govuk-!-margin-bottom-0" role="status">
        {resend.isPending ? 'Sending…' : (message ?? '')}
      </p>
    </>
  );

  if (variant === 'inline') {
    return (
      <div className="govuk-inset-text">
        <h2 className="govuk-heading-s govuk-!-margin-bottom-2">Confirm your email address</h2>
        {body}
      </div>
    );
  }
  return (
    <NotificationBanner id="verify-email-notice" heading="Confirm your email address">
      {body}
    </NotificationBanner>
  );
}
