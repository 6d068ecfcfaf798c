import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { NewsletterSubscription } from '@contracts';
import { errorMessage } from '@web/lib/api';
import { usePageTitle } from '@web/lib/use-page-title';
import {
  describeSubscription,
  SubscriptionForm,
} from '@web/modules/newsletters/components/SubscriptionForm';
import { useSubscription } from '@web/modules/newsletters/hooks/use-newsletters';
import { useTaxonomyLabels } from '@web/modules/taxonomy/hooks/use-taxonomy';
import { ErrorState } from '@web/ui/ErrorState';
import { ErrorSummary, type ErrorSummaryItem } from '@web/ui/ErrorSummary';
import { LoadingState } from '@web/ui/LoadingState';
import { NotificationBanner } from '@web/ui/NotificationBanner';

interface Saved {
  id: number;
  subscription: NewsletterSubscription;
}

/** `/newsletters/subscription` (members): which issues come by email. */
export function NewsletterSubscriptionPage() {
  const subscription = useSubscription();
  const taxonomy = useTaxonomyLabels();
  const [summary, setSummary] = useState<ErrorSummaryItem[]>([]);
  const [saved, setSaved] = useState<Saved | null>(null);
  const bannerRef = useRef<HTMLDivElement>(null);
  usePageTitle('Newsletter emails', summary.length > 0);

  useEffect(() => {
    if (saved) bannerRef.current?.focus();
  }, [saved]);

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link className="govuk-back-link" to="/newsletters">
          Newsletter
        </Link>
        <ErrorSummary items={summary} />
        {saved ? (
          <NotificationBanner type="success" id="subscription-saved" ref={bannerRef} key={saved.id}>
            <p className="govuk-notification-banner__heading">Your newsletter emails are updated</p>
            <p className="govuk-body">
              {describeSubscription(saved.subscription, taxonomy.topicLabel)}
            </p>
          </NotificationBanner>
        ) : null}
        <h1 className="govuk-heading-l">Newsletter emails</h1>
        {subscription.data ? (
          <>
            <p className="govuk-body">
              Choose which issues of the newsletter are sent to your email address when they are
              published.
            </p>
            <SubscriptionForm
              subscription={subscription.data}
              taxonomy={taxonomy}
              onErrors={(items) => {
                if (items.length > 0) setSaved(null);
                setSummary(items);
              }}
              onSaved={(next) =>
                setSaved((old) => ({ id: (old?.id ?? 0) + 1, subscription: next }))
              }
            />
          </>
        ) : subscription.isPending ? (
          <LoadingState label="Loading your choice…" />
        ) : (
          <ErrorState
            message={errorMessage(subscription.error)}
            onRetry={() => void subscription.refetch()}
          />
        )}
      </div>
    </div>
  );
}
