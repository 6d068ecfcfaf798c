import { useMemo } from 'react';
import { sanitiseSnippet } from '../snippet';

export interface SnippetProps {
  /** The server's snippet: matched words in `<mark>`, the rest escaped. */
  html: string;
}

/** Where the search words occur in a document, the words highlighted. */
export function Snippet({ html }: SnippetProps) {
  const safe = useMemo(() => sanitiseSnippet(html), [html]);
  if (!safe.trim()) return null;
  return (
    <p className="govuk-body-s app-document-snippet">
      <span className="govuk-visually-hidden">Matching text: </span>
      {/* Safe: sanitiseSnippet leaves escaped text and <mark> elements only. */}
      <span data-testid="snippet" dangerouslySetInnerHTML={{ __html: safe }} />
    </p>
  );
}
