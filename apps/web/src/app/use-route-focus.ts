import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

const MAX_FRAMES = 60;

/**
 * After a client-side navigation, moves focus to the new page's h1 (so screen reader users
 * hear where they are), waiting a few frames for pages that render their heading late.
 */
export function useRouteFocus(): void {
  const { pathname } = useLocation();
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    let frame = 0;
    let handle = 0;
    const tryFocus = () => {
      const heading = document.querySelector<HTMLElement>('main h1');
      if (heading) {
        if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
        heading.focus({ preventScroll: false });
        return;
      }
      frame += 1;
      if (frame < MAX_FRAMES) handle = requestAnimationFrame(tryFocus);
    };
    handle = requestAnimationFrame(tryFocus);
    return () => cancelAnimationFrame(handle);
  }, [pathname]);
}
