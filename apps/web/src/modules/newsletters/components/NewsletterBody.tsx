import '../newsletters.css';

export interface NewsletterBodyProps {
  /** HTML the server rendered from the Markdown and sanitised: never anything else. */
  html: string;
  id?: string;
}

/**
 * An issue's text as readers get it. The only place the SPA puts HTML into the page: the
 * server renders the Markdown and sanitises the result (`Newsletter.html`, or the preview
 * endpoint's answer), so what editors preview is exactly what readers see.
 */
export function NewsletterBody({ html, id }: NewsletterBodyProps) {
  return (
    <div
      className="govuk-body app-newsletter-body"
      id={id}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
