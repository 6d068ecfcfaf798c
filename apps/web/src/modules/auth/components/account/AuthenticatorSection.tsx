import { useEffect, useRef, useState } from 'react';
import type { TotpSetupResponse } from '@contracts';
import { errorMessage, isApiError } from '@web/lib/api';
import { useAuth } from '@web/lib/auth-store';
import { Button } from '@web/ui/Button';
import { ErrorMessage } from '@web/ui/FieldParts';
import { SummaryList } from '@web/ui/SummaryList';
import { Tag } from '@web/ui/Tag';
import { confirmTotp, removeTotp, startTotpSetup } from '../../api/account-api';
import { reloadMe } from '../../hooks/use-me';
import { withStepUp } from '../../hooks/use-step-up';
import { CodeForm } from './CodeForm';
import { RecoveryCodes } from './RecoveryCodes';

type Mode =
  | { name: 'idle' }
  | { name: 'setup'; setup: TotpSetupResponse; qr: string | null }
  | { name: 'codes'; codes: string[] }
  | { name: 'remove' };

/** "ABCD EFGH IJKL …": easier to read out and type into an app. */
function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The QR code of the otpauth:// URL as a data URL (the QR library loads only here). */
async function qrDataUrl(url: string): Promise<string | null> {
  try {
    const { toDataURL } = await import('qrcode');
    return await toDataURL(url, { margin: 2, width: 200, errorCorrectionLevel: 'M' });
  } catch {
    return null;
  }
}

/**
 * The authenticator app (TOTP): set up with a QR code (or the key typed in) and a first code,
 * after which ten recovery codes are shown once; when on, remove it or get new recovery codes,
 * each with a current code.
 */
export function AuthenticatorSection() {
  const { user } = useAuth();
  const [mode, setMode] = useState<Mode>({ name: 'idle' });
  const [message, setMessage] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const setupHeadingRef = useRef<HTMLHeadingElement>(null);
  const on = user?.mfa.totp ?? false;

  useEffect(() => {
    if (mode.name === 'setup') setupHeadingRef.current?.focus();
  }, [mode.name]);

  if (!user) return null;

  const start = () => {
    if (starting) return;
    setProblem(null);
    setMessage('');
    setStarting(true);
    // With a passkey on the account, setting up another factor asks to confirm it is you.
    withStepUp(() => startTotpSetup())
      .then(async (setup) => {
        setMode({ name: 'setup', setup, qr: await qrDataUrl(setup.otpauthUrl) });
      })
      .catch((failure: unknown) => {
        if (isApiError(failure) && failure.code === 'TOTP_ALREADY_ENABLED') {
          void reloadMe().catch(() => undefined);
        }
        setProblem(errorMessage(failure));
      })
      .finally(() => setStarting(false));
  };

  const confirm = async (code: string) => {
    const { recoveryCodes } = await confirmTotp({ code });
    setMode({ name: 'codes', codes: recoveryCodes });
    // The account has a second factor now: a gate waiting for one lifts.
    await reloadMe().catch(() => undefined);
  };

  const remove = async (code: string) => {
    await withStepUp(() => removeTotp({ code }));
    await reloadMe().catch(() => undefined);
    setMode({ name: 'idle' });
    setMessage('The authenticator app has been removed from your account.');
  };

  return (
    <section className="app-account-subsection" aria-labelledby="authenticator-heading">
      <h3 className="govuk-heading-m" id="authenticator-heading">
        Authenticator app
      </h3>
      {mode.name === 'codes' ? (
        <>
          <p className="govuk-body">
            Your authenticator app is set up. From now on, you will enter a code from it when you
            sign in.
          </p>
          <RecoveryCodes
            codes={mode.codes}
            email={user.email}
            onDone={() => {
              setMode({ name: 'idle' });
              setMessage('Your authenticator app is set up.');
            }}
          />
        </>
      ) : mode.name === 'setup' ? (
        <div>
          <h4 className="govuk-heading-s" ref={setupHeadingRef} tabIndex={-1}>
            Set up your authenticator app
          </h4>
          <ol className="govuk-list govuk-list--number">
            <li>
              Open an authenticator app on your phone (for example Microsoft Authenticator, Google
              Authenticator or a password manager) and choose to add an account.
            </li>
            <li>
              Scan this QR code with the app.
              {mode.qr ? (
                <img
                  className="app-totp-qr"
                  src={mode.qr}
                  width={200}
                  height={200}
                  alt="QR code to add your OCVRN account to an authenticator app"
                />
              ) : null}
            </li>
            <li>
              If you cannot scan it, enter this key in the app instead:{' '}
              <code className="app-secret" data-testid="totp-secret">
                {groupSecret(mode.setup.secret)}
              </code>
              <span className="govuk-hint govuk-!-margin-bottom-0">
                It is a time-based key. The spaces do not matter.
              </span>
            </li>
          </ol>
          <CodeForm
            id="totp-confirm-code"
            kind="totp"
            label="Enter the 6-digit code the app shows"
            submitLabel="Turn on the authenticator app"
            onSubmit={confirm}
            onCancel={() => setMode({ name: 'idle' })}
          />
        </div>
      ) : on ? (
        <>
          <SummaryList rows={[{ key: 'Authenticator app', value: <Tag colour="green">On</Tag> }]} />
          {mode.name === 'remove' ? (
            <CodeForm
              id="remove-totp-code"
              kind="either"
              label="Enter a code from your authenticator app"
              submitLabel="Remove the authenticator app"
              variant="warning"
              onSubmit={remove}
              onCancel={() => setMode({ name: 'idle' })}
              autoFocus
            >
              <div className="govuk-warning-text">
                <span className="govuk-warning-text__icon" aria-hidden="true">
                  !
                </span>
                <strong className="govuk-warning-text__text">
                  <span className="govuk-visually-hidden">Warning</span>
                  Without a second factor, anyone who learns your password can sign in as you. Your
                  recovery codes stop working too, unless you have a passkey.
                </strong>
              </div>
            </CodeForm>
          ) : (
            <div className="govuk-button-group">
              <Button
                variant="warning"
                onClick={() => {
                  setMessage('');
                  setMode({ name: 'remove' });
                }}
              >
                Remove the authenticator app
              </Button>
            </div>
          )}
        </>
      ) : (
        <>
          <p className="govuk-body">
            An authenticator app on your phone shows a new 6-digit code every 30 seconds. With one
            set up, someone who learns your password still cannot sign in as you.
          </p>
          <Button onClick={start} busy={starting}>
            Set up an authenticator app
          </Button>
        </>
      )}
      <div role="alert">
        {problem ? <ErrorMessage id="authenticator-problem">{problem}</ErrorMessage> : null}
      </div>
      <p className="govuk-body app-inline-status" role="status">
        {message}
      </p>
    </section>
  );
}
