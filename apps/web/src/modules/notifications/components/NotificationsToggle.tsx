import type { Ref } from 'react';
import { useNotifications } from '../notifications-store';

export const NOTIFICATIONS_PANEL_ID = 'notifications-panel';

export interface NotificationsToggleProps {
  expanded: boolean;
  onToggle: () => void;
  ref?: Ref<HTMLButtonElement>;
}

/** The header's bell: a disclosure button whose name includes the unread count. */
export function NotificationsToggle({ expanded, onToggle, ref }: NotificationsToggleProps) {
  const { unreadCount } = useNotifications();
  return (
    <button
      type="button"
      ref={ref}
      className="app-nav-button app-nav-button--plain app-bell"
      aria-expanded={expanded}
      aria-controls={NOTIFICATIONS_PANEL_ID}
      onClick={onToggle}
    >
      <svg
        className="app-bell__icon"
        aria-hidden="true"
        focusable="false"
        viewBox="0 0 24 24"
        width="20"
        height="20"
      >
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      <span className="app-nav-button__label">Notifications</span>
      {unreadCount > 0 ? (
        <span className="app-bell__badge" aria-hidden="true">
          {unreadCount > 99 ? '99+' : unreadCount}
        </span>
      ) : null}
      <span className="govuk-visually-hidden">, {unreadCount} unread</span>
    </button>
  );
}
