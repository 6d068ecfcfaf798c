import { useEffect } from 'react';

export const SERVICE_NAME = 'OCVRN';

/** Sets `document.title` to "<title> – OCVRN" while the page is shown. */
export function usePageTitle(title: string, hasErrors = false): void {
  useEffect(() => {
    document.title = `${hasErrors ? 'Error: ' : ''}${title} – ${SERVICE_NAME}`;
  }, [title, hasErrors]);
}
