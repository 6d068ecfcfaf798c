import { useEffect, useId, useRef, useState } from 'react';
import { Link, matchPath, useLocation } from 'react-router';
import { hasRole, useAuth } from '@web/lib/auth-store';
import { useSignOut } from '@web/modules/auth/hooks/use-session-actions';
import { NewIssuesBadge } from '@web/modules/newsletters/components/NewIssuesBadge';
import { notificationsStore } from '@web/modules/notifications/notifications-store';
import { NotificationsPanel } from '@web/modules/notifications/components/NotificationsPanel';
import { NotificationsToggle } from '@web/modules/notifications/components/NotificationsToggle';
import { useMediaQuery } from './use-media-query';

export const SERVICE_LONG_NAME = 'Organised Crime Virtual Research Network';

/** Where the account area's "Your profile" goes. */
const PROFILE_EDIT_PATH = '/members/me/edit';

interface NavItem {
  to: string;
  label: string;
  end?: boolean;
  /** Paths under `to` that belong to another link (so only one is current). */
  notOn?: string[];
  /** Shows the count of newsletter issues published since the archive was visited. */
  newIssues?: boolean;
}

/** The newsletter archive: public issues for everyone, all of them for members. */
const NEWSLETTER_ITEM: NavItem = { to: '/newsletters', label: 'Newsletter', newIssues: true };

/** Events: public ones for everyone, all of them for members. */
const EVENTS_ITEM: NavItem = { to: '/events', label: 'Events' };

/** The library's moderation queue, which has its own link for moderators. */
const MODERATION_PATH = '/library/moderation';

function navItemsFor(
  signedIn: boolean,
  admin: boolean,
  approved: boolean,
  moderator: boolean,
  officer = false,
): NavItem[] {
  if (!signedIn) return [NEWSLETTER_ITEM, EVENTS_ITEM];
  if (!approved) {
    return [{ to: '/pending', label: 'Your application' }, NEWSLETTER_ITEM, EVENTS_ITEM];
  }
  const items: NavItem[] = [
    { to: '/', label: 'Home', end: true },
    { to: '/members', label: 'Directory', notOn: [PROFILE_EDIT_PATH] },
    NEWSLETTER_ITEM,
    { to: '/library', label: 'Library', notOn: [MODERATION_PATH] },
    EVENTS_ITEM,
  ];
  if (moderator) items.push({ to: MODERATION_PATH, label: 'Moderation' });
  if (officer) items.push({ to: '/inbox', label: 'Inbox' });
  if (admin) {
    items.push(
      { to: '/admin/applications', label: 'Applications' },
      { to: '/admin/users', label: 'Users' },
      { to: '/admin/invitations', label: 'Invitations' },
      { to: '/admin/domains', label: 'Domains' },
      { to: '/admin/retention', label: 'Retention' },
      { to: '/admin/audit', label: 'Audit log' },
    );
  }
  return items;
}

export function Header() {
  const { status, user } = useAuth();
  const signOut = useSignOut();
  const location = useLocation();
  const wide = useMediaQuery('(min-width: 40.0625em)');
  const [menuOpen, setMenuOpen] = useState(false);
  const [notificationsOpen, setNotificationsOpen] = useState(false);
  const bellRef = useRef<HTMLButtonElement>(null);
  const navigationId = useId();

  const signedIn = status === 'signed-in' && user !== null;
  const approved = user?.status === 'approved';
  const items = navItemsFor(
    signedIn,
    hasRole(user, 'admin'),
    approved,
    hasRole(user, 'moderator'),
    hasRole(user, 'contact_officer'),
  );
  const collapsible = !wide && items.length > 1;

  // Close the menu and the notifications panel on navigation.
  useEffect(() => {
    setMenuOpen(false);
    setNotificationsOpen((open) => {
      if (open) notificationsStore.markAllRead();
      return false;
    });
  }, [location.pathname]);

  const closeNotifications = () => {
    setNotificationsOpen(false);
    notificationsStore.markAllRead(); // read: they were seen when the panel was open
    bellRef.current?.focus();
  };

  const toggleNotifications = () => {
    if (notificationsOpen) closeNotifications();
    else setNotificationsOpen(true);
  };

  return (
    <header className="govuk-template__header app-header">
      <div className="govuk-header">
        <div className="govuk-header__container govuk-width-container app-header__container">
          <div className="govuk-header__logo">
            <Link to="/" className="govuk-header__homepage-link">
              <span className="app-header__logotype">OCVRN</span>
              <span className="govuk-visually-hidden"> home page</span>
            </Link>
          </div>
          {signedIn ? (
            <div className="app-header__actions">
              <NotificationsToggle
                ref={bellRef}
                expanded={notificationsOpen}
                onToggle={toggleNotifications}
              />
              {approved ? (
                <Link
                  to={PROFILE_EDIT_PATH}
                  className="app-nav-button"
                  aria-current={location.pathname === PROFILE_EDIT_PATH ? 'page' : undefined}
                >
                  Your profile
                </Link>
              ) : null}
              <Link
                to="/account"
                className="app-nav-button"
                aria-current={location.pathname === '/account' ? 'page' : undefined}
              >
                Account
              </Link>
              <button
                type="button"
                className="app-nav-button"
                onClick={() => {
                  if (!signOut.isPending) signOut.mutate();
                }}
                aria-disabled={signOut.isPending ? true : undefined}
              >
                Sign out
              </button>
            </div>
          ) : null}
        </div>
      </div>
      <section className="govuk-service-navigation" aria-label="Service information">
        <div className="govuk-width-container govuk-service-navigation__inlining-container app-service-navigation">
          <div className="govuk-service-navigation__container">
            <span className="govuk-service-navigation__service-name">
              <Link to="/" className="govuk-service-navigation__link">
                {SERVICE_LONG_NAME}
              </Link>
            </span>
            {items.length > 0 ? (
              <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
                {collapsible ? (
                  <button
                    type="button"
                    className="govuk-service-navigation__toggle"
                    aria-controls={navigationId}
                    aria-expanded={menuOpen}
                    onClick={() => setMenuOpen((open) => !open)}
                  >
                    Menu
                    {signedIn ? <NewIssuesBadge /> : null}
                  </button>
                ) : null}
                <ul
                  className="govuk-service-navigation__list"
                  id={navigationId}
                  hidden={collapsible && !menuOpen}
                >
                  {items.map((item) => {
                    const active =
                      matchPath({ path: item.to, end: item.end ?? false }, location.pathname) !==
                        null && !(item.notOn ?? []).includes(location.pathname);
                    return (
                      <li
                        key={item.to}
                        className={`govuk-service-navigation__item${active ? ' govuk-service-navigation__item--active' : ''}`}
                      >
                        <Link
                          to={item.to}
                          className="govuk-service-navigation__link"
                          aria-current={active ? 'page' : undefined}
                        >
                          {active ? (
                            <strong className="govuk-service-navigation__active-fallback">
                              {item.label}
                            </strong>
                          ) : (
                            item.label
                          )}
                          {item.newIssues && signedIn ? <NewIssuesBadge /> : null}
                        </Link>
                      </li>
                    );
                  })}
                </ul>
              </nav>
            ) : null}
          </div>
        </div>
      </section>
      {signedIn && notificationsOpen ? <NotificationsPanel onClose={closeNotifications} /> : null}
    </header>
  );
}
