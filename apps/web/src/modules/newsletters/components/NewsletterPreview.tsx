import { errorMessage } from '@web/lib/api';
import { LoadingState } from '@web/ui/LoadingState';
import { useNewsletterPreview } from '../hooks/use-newsletters';
import { NewsletterBody } from './NewsletterBody';

export interface NewsletterPreviewProps {
  /** The Markdown being written. */
  body: string;
}

/**
 * The text as readers will get it, rendered by the server a moment after the typing stops.
 * Not a live region: it changes with every pause in the typing.
 */
export function NewsletterPreview({ body }: NewsletterPreviewProps) {
  const preview = useNewsletterPreview(body);
  const empty = body.trim() === '';
  const stale = !empty && (preview.behind || preview.isPlaceholderData || preview.isFetching);

  let content;
  if (empty) {
    content = (
      <p className="govuk-body app-secondary-text">
        The text appears here, as readers will see it, while you write.
      </p>
    );
  } else if (preview.data) {
    content = (
      <>
        {preview.isError ? (
          <p className="govuk-body app-secondary-text">
            The preview could not be updated: {errorMessage(preview.error)}
          </p>
        ) : null}
        <NewsletterBody html={preview.data.html} id="newsletter-preview-html" />
      </>
    );
  } else if (preview.isError) {
    content = (
      <p className="govuk-body">The preview could not be shown: {errorMessage(preview.error)}</p>
    );
  } else {
    content = <LoadingState label="Loading the preview…" />;
  }

  return (
    <section
      className={`app-newsletter-preview${stale ? ' app-newsletter-preview--stale' : ''}`}
      aria-labelledby="newsletter-preview-heading"
      aria-busy={stale || undefined}
      data-testid="newsletter-preview"
    >
      <h2
        className="govuk-heading-s app-newsletter-preview__heading"
        id="newsletter-preview-heading"
      >
        Preview
      </h2>
      {content}
    </section>
  );
}
