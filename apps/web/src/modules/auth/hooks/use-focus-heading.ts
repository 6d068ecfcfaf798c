import { useEffect, useRef } from 'react';

/**
 * Moves focus to the page's h1 when `step` changes (not on the first render): for pages that
 * move to a new step without changing address, as the router does on a navigation.
 */
export function useFocusHeading(step: unknown): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = document.querySelector<HTMLElement>('main h1');
    if (!heading) return;
    if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
    heading.focus();
  }, [step]);
}
