import type { ReactNode, Ref } from 'react';

export interface NotificationBannerProps {
  type?: 'important' | 'success';
  /** The small title bar text; "Important" or "Success" by default. */
  title?: string;
  heading?: ReactNode;
  children?: ReactNode;
  id?: string;
  ref?: Ref<HTMLDivElement>;
}

/** GOV.UK notification banner. Success banners are announced (role="alert"). */
export function NotificationBanner({
  type = 'important',
  title,
  heading,
  children,
  id,
  ref,
}: NotificationBannerProps) {
  const titleId = `${id ?? 'notification-banner'}-title`;
  return (
    <div
      className={`govuk-notification-banner${type === 'success' ? ' govuk-notification-banner--success' : ''}`}
      role={type === 'success' ? 'alert' : 'region'}
      aria-labelledby={titleId}
      id={id}
      ref={ref}
      tabIndex={-1}
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id={titleId}>
          {title ?? (type === 'success' ? 'Success' : 'Important')}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        {heading ? <h3 className="govuk-notification-banner__heading">{heading}</h3> : null}
        {children}
      </div>
    </div>
  );
}
