import { useRef, useState } from 'react';
import type { LibraryDocument } from '@contracts';
import { errorMessage, isApiError } from '@web/lib/api';
import { Button } from '@web/ui/Button';
import { ErrorMessage } from '@web/ui/FieldParts';
import { useReviewDocument } from '../hooks/use-documents';
import { ReviewFindings } from './ReviewFindings';
import { ReviewForm } from './ReviewForm';

export interface ReviewPanelProps {
  document: LibraryDocument;
  /** Called with a sentence for the page's success banner. */
  onDecided: (message: string, document: LibraryDocument) => void;
  /** Heading level of the panel's title (h2 on a document's page, h4 in the queue). */
  headingLevel?: 2 | 3 | 4;
}

function reviewError(error: unknown): string {
  if (isApiError(error)) {
    if (error.code === 'DOCUMENT_WRONG_STATUS') {
      return 'Someone has already decided about this document. The page now shows it as it is.';
    }
    if (error.status === 404) return 'This document has been deleted.';
  }
  return errorMessage(error);
}

/**
 * A moderator's review of a quarantined upload: what the inspection found and where, then
 * approve (publish it, with an optional note) or reject (with a reason the uploader sees).
 */
export function ReviewPanel({ document, onDecided, headingLevel = 2 }: ReviewPanelProps) {
  const review = useReviewDocument();
  const [deciding, setDeciding] = useState<'approve' | 'reject' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const buttonsRef = useRef<HTMLDivElement>(null);
  const Heading = (['h2', 'h3', 'h4'] as const)[headingLevel - 2];
  const headingId = `review-${document.id}-heading`;

  const decide = (reason: string) => {
    if (!deciding) return;
    setError(null);
    setFieldError(undefined);
    const variables =
      deciding === 'reject'
        ? { id: document.id, decision: 'reject' as const, reason }
        : { id: document.id, decision: 'approve' as const, reason: reason || undefined };
    // mutateAsync: the panel may leave the page (the queue) once the decision is made.
    review.mutateAsync(variables).then(
      (decided) => {
        setDeciding(null);
        onDecided(
          deciding === 'reject'
            ? `You rejected “${document.title}”. ${document.uploaderName} has been told why.`
            : `You approved “${document.title}”. It is now published in the library.`,
          decided,
        );
      },
      (failure: unknown) => {
        const field =
          isApiError(failure) && failure.status === 400 ? failure.fieldMessage('reason') : null;
        if (field) {
          setFieldError(field.charAt(0).toUpperCase() + field.slice(1));
          return;
        }
        setDeciding(null);
        setError(reviewError(failure));
      },
    );
  };

  return (
    <section
      className="app-review"
      aria-labelledby={headingId}
      data-testid={`review-${document.id}`}
    >
      <Heading
        className={headingLevel === 2 ? 'govuk-heading-m' : 'govuk-heading-s'}
        id={headingId}
      >
        Review
        <span className="govuk-visually-hidden"> of {document.title}</span>
      </Heading>
      <ReviewFindings document={document} />
      <div role="alert">
        {error ? <ErrorMessage id={`${headingId}-error`}>{error}</ErrorMessage> : null}
      </div>
      {deciding ? (
        <ReviewForm
          id={`review-${document.id}-reason`}
          decision={deciding}
          uploaderName={document.uploaderName}
          busy={review.isPending}
          serverError={fieldError}
          onSubmit={decide}
          onCancel={() => {
            const was = deciding;
            setDeciding(null);
            setFieldError(undefined);
            requestAnimationFrame(() => {
              const buttons = buttonsRef.current?.querySelectorAll<HTMLButtonElement>('button');
              buttons?.item(was === 'reject' ? 1 : 0)?.focus();
            });
          }}
        />
      ) : (
        <div className="govuk-button-group" ref={buttonsRef}>
          <Button onClick={() => setDeciding('approve')}>
            Approve<span className="govuk-visually-hidden"> {document.title}</span>
          </Button>
          <Button variant="warning" onClick={() => setDeciding('reject')}>
            Reject<span className="govuk-visually-hidden"> {document.title}</span>
          </Button>
        </div>
      )}
    </section>
  );
}
