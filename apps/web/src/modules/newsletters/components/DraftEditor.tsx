import { useEffect, useState } from 'react';
import type { Newsletter, NewsletterStatus } from '@contracts';
import type { TaxonomyLabels } from '@web/modules/taxonomy/hooks/use-taxonomy';
import type { ErrorSummaryItem } from '@web/ui/ErrorSummary';
import { ErrorMessage } from '@web/ui/FieldParts';
import { NotificationBanner } from '@web/ui/NotificationBanner';
import { draftSummary, toDraftValues, type DraftValues } from '../draft-values';
import { useAutosave } from '../hooks/use-autosave';
import { HistoryList } from './HistoryList';
import { NewsletterForm } from './NewsletterForm';
import { SaveStatus } from './SaveStatus';
import { WorkflowPanel } from './WorkflowPanel';

export interface DraftEditorProps {
  issue: Newsletter;
  viewerId: string;
  taxonomy: TaxonomyLabels;
  /** The page shows the error summary above its heading. */
  onErrors: (items: ErrorSummaryItem[]) => void;
  onDone: (message: string, status: NewsletterStatus) => void;
  onDeleted: (title: string) => void;
}

/**
 * A draft being written: saved as it is typed, with the comments of a return for changes on
 * top and the way to clearance below. Starts from the draft as loaded and keeps its own state.
 */
export function DraftEditor({
  issue,
  viewerId,
  taxonomy,
  onErrors,
  onDone,
  onDeleted,
}: DraftEditorProps) {
  const [values, setValues] = useState<DraftValues>(() => toDraftValues(issue));
  const autosave = useAutosave(issue, values, true);
  const saved = autosave.state.kind === 'saved';

  // Once everything is saved, an old error summary no longer applies.
  useEffect(() => {
    if (saved) onErrors([]);
  }, [saved, onErrors]);

  const returned = issue.returnComment
    ? [...(issue.history ?? [])].reverse().find((entry) => entry.action === 'returned')
    : undefined;

  return (
    <>
      {issue.returnComment ? (
        <NotificationBanner title="Returned for changes" id="newsletter-returned">
          <p className="govuk-notification-banner__heading">
            {returned?.actorName ?? 'An editor'} returned this draft for changes
          </p>
          <p className="govuk-body app-preserve-lines">{issue.returnComment}</p>
          <p className="govuk-body">Make the changes, then submit it for clearance again.</p>
        </NotificationBanner>
      ) : null}
      <SaveStatus state={autosave.state} onRetry={() => void autosave.save()} />
      {autosave.other.map((text) => (
        <ErrorMessage id="newsletter-save-error" key={text}>
          {text}
        </ErrorMessage>
      ))}
      <form noValidate onSubmit={(event) => event.preventDefault()} aria-label="Draft">
        <NewsletterForm
          values={values}
          onChange={(patch) => setValues((old) => ({ ...old, ...patch }))}
          errors={autosave.errors}
          taxonomy={taxonomy}
        />
      </form>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <WorkflowPanel
            issue={issue}
            viewerId={viewerId}
            beforeAction={async () => {
              const result = await autosave.save();
              if (!result.ok) onErrors(draftSummary(result.errors, result.other));
              return result.ok;
            }}
            onDone={onDone}
            onDeleted={(title) => {
              autosave.release();
              onDeleted(title);
            }}
          />
          <HistoryList history={issue.history ?? []} />
        </div>
      </div>
    </>
  );
}
