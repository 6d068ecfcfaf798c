import { useAnnouncement } from '@web/lib/announcer';

/** The polite live region through which realtime updates are announced. */
export function LiveRegion() {
  const { id, message } = useAnnouncement();
  return (
    <div
      className="govuk-visually-hidden"
      aria-live="polite"
      aria-atomic="true"
      data-testid="live-region"
    >
      {message ? <p key={id}>{message}</p> : null}
    </div>
  );
}
