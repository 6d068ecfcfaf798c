import { useState } from 'react';
import { errorMessage } from '@web/lib/api';
import { saveBlob, slugify } from '@web/lib/download';
import { Button } from '@web/ui/Button';
import { ErrorMessage } from '@web/ui/FieldParts';
import { downloadVcard } from '../api/members-api';

export interface VcardButtonProps {
  memberId: string;
  name: string;
}

/**
 * "Download contact card (vCard)". The file needs the bearer token, so it is fetched here and
 * handed to the browser as a blob rather than linked to.
 */
export function VcardButton({ memberId, name }: VcardButtonProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const onClick = () => {
    setBusy(true);
    setError(null);
    setDone(false);
    downloadVcard(memberId)
      .then(({ blob, filename }) => {
        saveBlob(blob, filename ?? `${slugify(name, 'contact')}.vcf`);
        setDone(true);
      })
      .catch((failure: unknown) => setError(errorMessage(failure)))
      .finally(() => setBusy(false));
  };

  return (
    <div className="app-vcard">
      {error ? (
        <ErrorMessage id="vcard-error">Could not download the contact card. {error}</ErrorMessage>
      ) : null}
      <Button variant="secondary" busy={busy} onClick={onClick} className="govuk-!-margin-bottom-2">
        {busy ? 'Downloading contact card…' : 'Download contact card (vCard)'}
      </Button>
      <p className="govuk-body-s app-inline-status" role="status">
        {done ? `Contact card for ${name} downloaded.` : ''}
      </p>
    </div>
  );
}
