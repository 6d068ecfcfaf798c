import { useRef, useState } from 'react';
import type { LibraryDocument } from '@contracts';
import { errorMessage, isApiError } from '@web/lib/api';
import { Button } from '@web/ui/Button';
import { ConfirmPanel } from '@web/ui/ConfirmPanel';
import { useDeleteDocument } from '../hooks/use-documents';

export interface DeleteDocumentProps {
  document: LibraryDocument;
  /** The viewer uploaded it (the question says "your document"). */
  own: boolean;
  onDeleted: (title: string) => void;
}

/** "Delete document", then the confirmation: it goes, with every version, for everyone. */
export function DeleteDocument({ document, own, onDeleted }: DeleteDocumentProps) {
  const remove = useDeleteDocument();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const buttonRef = useRef<HTMLDivElement>(null);

  const onConfirm = () => {
    setError(null);
    remove.mutateAsync(document.id).then(
      () => onDeleted(document.title),
      (failure: unknown) =>
        setError(
          isApiError(failure) && failure.status === 404
            ? 'This document has already been deleted.'
            : errorMessage(failure),
        ),
    );
  };

  return (
    <section className="app-delete-document" aria-labelledby="document-delete-heading">
      <h2 className="govuk-heading-m" id="document-delete-heading">
        Delete this document
      </h2>
      {confirming ? (
        <ConfirmPanel
          id="document-delete"
          question={
            <>
              Delete {own ? 'your document' : 'this document'} and all its versions? Members will no
              longer find or download it. It cannot be brought back.
            </>
          }
          confirmLabel="Yes, delete this document"
          error={error}
          busy={remove.isPending}
          onConfirm={onConfirm}
          onCancel={() => {
            setConfirming(false);
            setError(null);
            requestAnimationFrame(() => buttonRef.current?.querySelector('button')?.focus());
          }}
        />
      ) : (
        <div className="govuk-button-group" ref={buttonRef}>
          <Button
            variant="warning"
            onClick={() => {
              setConfirming(true);
              requestAnimationFrame(() =>
                // Cancel, the safe choice, has the focus; the question is read with the group.
                window.document
                  .querySelector<HTMLButtonElement>(
                    '[aria-labelledby="document-delete-confirm"] .govuk-button-group button:last-child',
                  )
                  ?.focus(),
              );
            }}
          >
            Delete document
          </Button>
        </div>
      )}
    </section>
  );
}
