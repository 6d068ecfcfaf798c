import { useEffect, useRef } from 'react';
import { formatDateTime } from '@web/lib/format';
import { useAuth } from '@web/lib/auth-store';
import { describeEvent } from '../describe-event';
import { notificationsStore, useNotifications } from '../notifications-store';
import { NOTIFICATIONS_PANEL_ID } from './NotificationsToggle';

/** The panel lists the latest few; older ones stay in the store (up to its limit). */
const SHOWN = 15;

export interface NotificationsPanelProps {
  onClose: () => void;
}

/** The list behind the bell: latest first, unread ones marked, Escape closes it. */
export function NotificationsPanel({ onClose }: NotificationsPanelProps) {
  const { items, unreadCount } = useNotifications();
  const { user } = useAuth();
  const ref = useRef<HTMLElement>(null);

  useEffect(() => {
    ref.current?.focus();
  }, []);

  return (
    <section
      id={NOTIFICATIONS_PANEL_ID}
      className="app-notifications"
      aria-labelledby="notifications-heading"
      tabIndex={-1}
      ref={ref}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="govuk-width-container app-notifications__inner">
        <div className="app-notifications__header">
          <h2 className="govuk-heading-m app-notifications__title" id="notifications-heading">
            Notifications
          </h2>
          <div className="app-notifications__actions">
            <button
              type="button"
              className="govuk-button govuk-button--secondary app-notifications__button"
              onClick={() => notificationsStore.markAllRead()}
              disabled={unreadCount === 0}
            >
              Mark all read
            </button>
            <button
              type="button"
              className="govuk-button govuk-button--secondary app-notifications__button"
              onClick={onClose}
            >
              Close<span className="govuk-visually-hidden"> notifications</span>
            </button>
          </div>
        </div>
        {items.length === 0 ? (
          <p className="govuk-body">No notifications yet. Updates appear here as they happen.</p>
        ) : (
          <ol className="govuk-list app-notifications__list">
            {items.slice(0, SHOWN).map(({ event, unread }) => (
              <li
                key={event.id}
                className={`app-notifications__item${unread ? ' app-notifications__item--unread' : ''}`}
              >
                {unread ? (
                  <strong className="govuk-tag govuk-tag--blue app-tag-small">New</strong>
                ) : null}
                <span className="app-notifications__text">
                  {describeEvent(event, user?.id ?? null)}
                </span>
                <time className="app-notifications__time" dateTime={event.at}>
                  {formatDateTime(event.at)}
                </time>
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
