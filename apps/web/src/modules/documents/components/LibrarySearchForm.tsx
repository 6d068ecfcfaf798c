import { useState, type FormEvent } from 'react';
import { Button } from '@web/ui/Button';
import { TextInput } from '@web/ui/TextInput';

export interface LibrarySearchFormProps {
  q: string;
  onSearch: (q: string) => void;
}

/** Searches on submit only; follows the URL when it changes (back, forward, a shared link). */
export function LibrarySearchForm({ q, onSearch }: LibrarySearchFormProps) {
  const [query, setQuery] = useState(q);
  const [shown, setShown] = useState(q);
  if (shown !== q) {
    setShown(q);
    setQuery(q);
  }
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSearch(query.trim());
  };
  return (
    <form
      className="app-search app-library-search"
      role="search"
      aria-label="Library"
      noValidate
      onSubmit={onSubmit}
    >
      <TextInput
        id="library-q"
        name="q"
        type="search"
        label="Search the library"
        labelClass="govuk-label--s"
        hint="Words from the title, authors, abstract or text of a document"
        value={query}
        onChange={setQuery}
      />
      <Button type="submit">Search</Button>
    </form>
  );
}
