import { useRef, useState, type RefObject } from 'react';
import { Link } from 'react-router';
import type { Newsletter, NewsletterStatus } from '@contracts';
import { errorMessage, isApiError } from '@web/lib/api';
import { formatDateTime } from '@web/lib/format';
import { Button } from '@web/ui/Button';
import { ConfirmPanel } from '@web/ui/ConfirmPanel';
import { ErrorMessage } from '@web/ui/FieldParts';
import type { NewsletterAction } from '../api/newsletters-api';
import { useDeleteNewsletter, useNewsletterAction } from '../hooks/use-newsletters';
import { issuePath } from '../newsletter-labels';
import { ReturnForm } from './ReturnForm';
import { ScheduleForm } from './ScheduleForm';
import { StatusTag } from './StatusTag';

export interface WorkflowPanelProps {
  issue: Newsletter;
  viewerId: string;
  /** Runs before a step (a draft saves what is unsaved); false stops the step. */
  beforeAction?: () => Promise<boolean>;
  /** A sentence for the page's success banner, and the status the step led to. */
  onDone: (message: string, status: NewsletterStatus) => void;
  onDeleted: (title: string) => void;
}

type Confirming = 'publish' | 'delete' | null;

/** Why this viewer may not clear the issue, or null when they may. */
function ownClearance(issue: Newsletter, viewerId: string): string | null {
  if (issue.authorId === viewerId) return 'you wrote it';
  if (issue.lastEditedById === viewerId) return 'you made the last change to it';
  return null;
}

function doneMessage(step: NewsletterAction, issue: Newsletter): string {
  switch (step.action) {
    case 'submit':
      return 'Submitted for clearance. Another editor will check it.';
    case 'clear':
      return 'Cleared for publication. It can now be published or scheduled.';
    case 'return':
      return `Returned to ${issue.authorName} for changes.`;
    case 'publish':
      return issue.status === 'scheduled' && issue.publishAt
        ? `Scheduled: it will be published on ${formatDateTime(issue.publishAt)}.`
        : 'Published. Members who follow its topics are being emailed.';
    case 'unschedule':
      return 'No longer scheduled: it is cleared and waiting to be published.';
    default: {
      const unknown: never = step;
      return String(unknown);
    }
  }
}

function actionError(error: unknown): string {
  if (isApiError(error)) {
    if (error.code === 'NEWSLETTER_OWN_CLEARANCE') {
      return 'You cannot clear this issue because you wrote it or made the last change to it. Another editor must clear it.';
    }
    if (error.code === 'NEWSLETTER_WRONG_STATUS') {
      return 'Someone else has moved this issue on since you opened it. The page now shows it as it is.';
    }
    if (error.status === 404) return 'This issue has been deleted.';
  }
  return errorMessage(error);
}

/**
 * What can be done with an issue now, by its status and by who is looking: submit a draft;
 * clear a submitted issue (not one's own) or return it; publish a cleared one now or later;
 * unschedule; delete anything not yet published.
 */
export function WorkflowPanel({
  issue,
  viewerId,
  beforeAction,
  onDone,
  onDeleted,
}: WorkflowPanelProps) {
  const action = useNewsletterAction();
  const remove = useDeleteNewsletter();
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [returning, setReturning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const publishRef = useRef<HTMLDivElement>(null);
  const deleteRef = useRef<HTMLDivElement>(null);
  const returnRef = useRef<HTMLDivElement>(null);
  const busy = action.isPending || remove.isPending;

  const focusIn = (ref: RefObject<HTMLDivElement | null>) =>
    requestAnimationFrame(() => ref.current?.querySelector<HTMLButtonElement>('button')?.focus());

  const run = async (step: NewsletterAction) => {
    if (busy) return;
    setError(null);
    setFieldError(undefined);
    if (beforeAction && !(await beforeAction())) return;
    // mutateAsync: this panel's parts change with the status (see ApplicationCard).
    action.mutateAsync({ id: issue.id, step }).then(
      (next) => {
        setConfirming(null);
        setReturning(false);
        onDone(doneMessage(step, next), next.status);
      },
      (failure: unknown) => {
        const field = isApiError(failure) && failure.status === 400 ? failure.fieldErrors[0] : null;
        if (field && (step.action === 'publish' || step.action === 'return')) {
          setFieldError(field.message.charAt(0).toUpperCase() + field.message.slice(1));
          return;
        }
        setConfirming(null);
        setError(actionError(failure));
      },
    );
  };

  const onDelete = () => {
    setError(null);
    remove.mutateAsync(issue.id).then(
      () => onDeleted(issue.title),
      (failure: unknown) => setError(actionError(failure)),
    );
  };

  const own = ownClearance(issue, viewerId);
  const deletable = issue.status !== 'published';
  const what = issue.status === 'draft' ? 'draft' : 'issue';

  return (
    <section
      className="app-workflow"
      aria-labelledby="newsletter-workflow-heading"
      data-testid="newsletter-workflow"
    >
      <h2 className="govuk-heading-m" id="newsletter-workflow-heading">
        Clearance and publication
      </h2>
      <p className="govuk-body">
        <StatusTag status={issue.status} />
      </p>
      <div role="alert">
        {error ? <ErrorMessage id="newsletter-workflow-error">{error}</ErrorMessage> : null}
      </div>

      {issue.status === 'draft' ? (
        <div className="app-workflow__step">
          <p className="govuk-body">
            When the issue is ready, submit it for clearance: another editor checks it before it can
            be published. It cannot be changed while it is waiting.
          </p>
          <Button busy={action.isPending} onClick={() => void run({ action: 'submit' })}>
            Submit for clearance
          </Button>
        </div>
      ) : null}

      {issue.status === 'submitted' ? (
        <div className="app-workflow__step">
          <p className="govuk-body">
            Waiting for clearance. An editor who did not write it or make the last change to it can
            clear it for publication, or return it to {issue.authorName} with comments.
          </p>
          {own ? (
            <p className="govuk-hint" id="newsletter-clear-why">
              You cannot clear this issue because {own}. Another editor must clear it.
            </p>
          ) : null}
          <div className="govuk-button-group" ref={returnRef}>
            <button
              type="button"
              className="govuk-button"
              data-module="govuk-button"
              disabled={own !== null}
              aria-describedby={own ? 'newsletter-clear-why' : undefined}
              aria-disabled={action.isPending ? true : undefined}
              onClick={() => void run({ action: 'clear' })}
            >
              Clear for publication
            </button>
            {returning ? null : (
              <Button variant="secondary" onClick={() => setReturning(true)}>
                Return with comments
              </Button>
            )}
          </div>
          {returning ? (
            <ReturnForm
              authorName={issue.authorName}
              busy={action.isPending}
              serverError={fieldError}
              onReturn={(comment) => void run({ action: 'return', request: { comment } })}
              onCancel={() => {
                setReturning(false);
                setFieldError(undefined);
                requestAnimationFrame(() =>
                  returnRef.current
                    ?.querySelector<HTMLButtonElement>('button:not([disabled]):last-child')
                    ?.focus(),
                );
              }}
            />
          ) : null}
        </div>
      ) : null}

      {issue.status === 'cleared' ? (
        <>
          <div className="app-workflow__step">
            <p className="govuk-body">
              Cleared for publication. Publish it now, or choose when it is published.
            </p>
            {confirming === 'publish' ? (
              <ConfirmPanel
                id="newsletter-publish"
                question={
                  <>
                    Publish this issue now? It goes into the archive and members who follow its
                    topics get it by email straight away. It cannot be unpublished.
                  </>
                }
                confirmLabel="Yes, publish now"
                error={null}
                busy={action.isPending}
                onConfirm={() => void run({ action: 'publish', request: {} })}
                onCancel={() => {
                  setConfirming(null);
                  focusIn(publishRef);
                }}
              />
            ) : (
              <div className="govuk-button-group" ref={publishRef}>
                <Button onClick={() => setConfirming('publish')}>Publish now</Button>
              </div>
            )}
          </div>
          <div className="app-workflow__step">
            <ScheduleForm
              busy={action.isPending}
              serverError={fieldError}
              onSchedule={(at) => void run({ action: 'publish', request: { at } })}
            />
          </div>
        </>
      ) : null}

      {issue.status === 'scheduled' ? (
        <div className="app-workflow__step">
          <p className="govuk-body">
            It will be published on{' '}
            {issue.publishAt ? (
              <strong>
                <time dateTime={issue.publishAt}>{formatDateTime(issue.publishAt)}</time>
              </strong>
            ) : (
              'the chosen date'
            )}{' '}
            (your time). Unschedule it to change the time or publish it now.
          </p>
          <Button
            variant="secondary"
            busy={action.isPending}
            onClick={() => void run({ action: 'unschedule' })}
          >
            Unschedule
          </Button>
        </div>
      ) : null}

      {issue.status === 'published' ? (
        <div className="app-workflow__step">
          <p className="govuk-body">
            Published
            {issue.publishedAt ? (
              <>
                {' '}
                on <time dateTime={issue.publishedAt}>{formatDateTime(issue.publishedAt)}</time>
              </>
            ) : null}
            .{' '}
            <Link className="govuk-link" to={issuePath(issue.id)}>
              Read it as members see it
            </Link>
          </p>
        </div>
      ) : null}

      {deletable ? (
        <div className="app-workflow__step">
          {confirming === 'delete' ? (
            <ConfirmPanel
              id="newsletter-delete"
              question={<>Delete this {what}? It cannot be brought back.</>}
              confirmLabel={`Yes, delete this ${what}`}
              error={null}
              busy={remove.isPending}
              onConfirm={onDelete}
              onCancel={() => {
                setConfirming(null);
                focusIn(deleteRef);
              }}
            />
          ) : (
            <div className="govuk-button-group" ref={deleteRef}>
              <Button variant="warning" onClick={() => setConfirming('delete')}>
                Delete {what}
              </Button>
            </div>
          )}
        </div>
      ) : null}
    </section>
  );
}
