import { Fragment, useState, type FormEvent } from 'react';
import type { NewsletterSubscription, UpdateSubscriptionRequest } from '@contracts';
import { errorMessage } from '@web/lib/api';
import { TopicPicker } from '@web/modules/taxonomy/components/TopicPicker';
import type { TaxonomyLabels } from '@web/modules/taxonomy/hooks/use-taxonomy';
import { Button } from '@web/ui/Button';
import type { ErrorSummaryItem } from '@web/ui/ErrorSummary';
import { LoadingState } from '@web/ui/LoadingState';
import { useUpdateSubscription } from '../hooks/use-newsletters';

type Choice = 'all' | 'topics' | 'none';

export const SUBSCRIPTION_CHOICE_ID = 'subscription-choice';
export const SUBSCRIPTION_TOPICS_ID = 'subscription-topics';

function choiceOf(subscription: NewsletterSubscription): Choice {
  if (subscription.all) return 'all';
  return subscription.topics.length > 0 ? 'topics' : 'none';
}

function requestFor(choice: Choice, topics: string[]): UpdateSubscriptionRequest {
  switch (choice) {
    case 'all':
      return { all: true };
    case 'topics':
      return { all: false, topics };
    case 'none':
      return { all: false, topics: [] };
    default: {
      const unknown: never = choice;
      throw new Error(`Unknown choice ${String(unknown)}`);
    }
  }
}

/** What was saved, in a sentence for the success banner. */
export function describeSubscription(
  subscription: NewsletterSubscription,
  topicLabel: (id: string) => string,
): string {
  if (subscription.all) return 'You will get every issue by email.';
  if (subscription.topics.length === 0) return 'You will not get newsletter emails.';
  const labels = subscription.topics.map(topicLabel);
  return `You will get issues about ${labels.join(', ')} by email.`;
}

export interface SubscriptionFormProps {
  subscription: NewsletterSubscription;
  taxonomy: TaxonomyLabels;
  onErrors: (items: ErrorSummaryItem[]) => void;
  onSaved: (saved: NewsletterSubscription) => void;
}

const CHOICES: readonly { value: Choice; label: string; hint?: string }[] = [
  { value: 'all', label: 'All issues' },
  {
    value: 'topics',
    label: 'Only issues about these topics',
    hint: 'Issues about any of the topics you choose.',
  },
  { value: 'none', label: 'No newsletter emails', hint: 'You can still read every issue here.' },
];

/**
 * Which issues come by email: GOV.UK radios, the topics revealed under their choice. Every
 * topic stays as chosen while another choice is tried, until the form is saved.
 */
export function SubscriptionForm({
  subscription,
  taxonomy,
  onErrors,
  onSaved,
}: SubscriptionFormProps) {
  const update = useUpdateSubscription();
  const [choice, setChoice] = useState<Choice>(() => choiceOf(subscription));
  const [topics, setTopics] = useState<string[]>(() => [...subscription.topics]);
  const [topicsError, setTopicsError] = useState<string | undefined>();

  const show = (error: string | undefined, other: string[] = []) => {
    setTopicsError(error);
    onErrors([
      ...(error ? [{ fieldId: SUBSCRIPTION_TOPICS_ID, text: error }] : []),
      ...other.map((text) => ({ text })),
    ]);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (update.isPending) return;
    if (choice === 'topics' && topics.length === 0) {
      show('Select at least one topic, or choose “No newsletter emails”');
      return;
    }
    show(undefined);
    update.mutate(requestFor(choice, topics), {
      onSuccess: (saved) => onSaved(saved),
      onError: (error) => show(undefined, [errorMessage(error)]),
    });
  };

  const hintId = `${SUBSCRIPTION_CHOICE_ID}-hint`;
  return (
    <form noValidate onSubmit={onSubmit}>
      <div className="govuk-form-group">
        <fieldset className="govuk-fieldset" aria-describedby={hintId}>
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
            <h2 className="govuk-fieldset__heading">Which issues do you want by email?</h2>
          </legend>
          <div className="govuk-hint" id={hintId}>
            Every issue is also in the newsletter archive.
          </div>
          <div className="govuk-radios">
            {CHOICES.map((item, index) => {
              const id =
                index === 0 ? SUBSCRIPTION_CHOICE_ID : `${SUBSCRIPTION_CHOICE_ID}-${item.value}`;
              const conditional = item.value === 'topics';
              const revealId = `${SUBSCRIPTION_CHOICE_ID}-topics-reveal`;
              return (
                <Fragment key={item.value}>
                  <div className="govuk-radios__item">
                    <input
                      className="govuk-radios__input"
                      id={id}
                      name="choice"
                      type="radio"
                      value={item.value}
                      checked={choice === item.value}
                      aria-describedby={item.hint ? `${id}-item-hint` : undefined}
                      aria-controls={conditional ? revealId : undefined}
                      onChange={() => setChoice(item.value)}
                    />
                    <label className="govuk-label govuk-radios__label" htmlFor={id}>
                      {item.label}
                    </label>
                    {item.hint ? (
                      <div id={`${id}-item-hint`} className="govuk-hint govuk-radios__hint">
                        {item.hint}
                      </div>
                    ) : null}
                  </div>
                  {conditional ? (
                    <div
                      className={`govuk-radios__conditional${choice === 'topics' ? '' : ' govuk-radios__conditional--hidden'}`}
                      id={revealId}
                    >
                      {taxonomy.topics.length > 0 ? (
                        <TopicPicker
                          id={SUBSCRIPTION_TOPICS_ID}
                          name="topics"
                          legend="Topics"
                          legendClass="govuk-fieldset__legend--s"
                          topics={taxonomy.topics}
                          values={topics}
                          onChange={setTopics}
                          error={topicsError}
                        />
                      ) : taxonomy.isLoading ? (
                        <LoadingState label="Loading the research priorities…" />
                      ) : (
                        <p className="govuk-body" id={SUBSCRIPTION_TOPICS_ID} tabIndex={-1}>
                          The research priorities could not be loaded. Try again later.
                        </p>
                      )}
                    </div>
                  ) : null}
                </Fragment>
              );
            })}
          </div>
        </fieldset>
      </div>
      <Button type="submit" busy={update.isPending}>
        {update.isPending ? 'Saving…' : 'Save your choice'}
      </Button>
    </form>
  );
}
