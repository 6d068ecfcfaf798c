import { useEffect, useRef } from 'react';
import { saveBlob } from '@web/lib/download';
import { Button } from '@web/ui/Button';

export interface RecoveryCodesProps {
  codes: readonly string[];
  /** The account's address, named in the downloaded file. */
  email: string;
  onDone: () => void;
}

/** Ten single-use recovery codes, shown once: read, download as text, confirm they are kept. */
export function RecoveryCodes({ codes, email, onDone }: RecoveryCodesProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const download = () => {
    const text = [
      `OCVRN recovery codes for ${email}`,
      `Made ${new Date().toISOString().slice(0, 10)}. Each code works once.`,
      '',
      ...codes,
      '',
    ].join('\n');
    saveBlob(new Blob([text], { type: 'text/plain;charset=utf-8' }), 'ocvrn-recovery-codes.txt');
  };

  return (
    <div className="app-recovery" role="region" aria-labelledby="recovery-codes-heading">
      <h3 className="govuk-heading-m" id="recovery-codes-heading" ref={headingRef} tabIndex={-1}>
        Your recovery codes
      </h3>
      <div className="govuk-warning-text">
        <span className="govuk-warning-text__icon" aria-hidden="true">
          !
        </span>
        <strong className="govuk-warning-text__text">
          <span className="govuk-visually-hidden">Warning</span>
          You will not see these codes again. Keep them somewhere safe, away from your phone.
        </strong>
      </div>
      <p className="govuk-body">
        If you lose your authenticator app or your passkey, each code lets you sign in once instead.
      </p>
      <ol className="app-recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className="govuk-button-group">
        <Button variant="secondary" onClick={download}>
          Download as text
        </Button>
        <Button onClick={onDone}>I have saved them</Button>
      </div>
    </div>
  );
}
