import { useState, type FormEvent } from 'react';
import {
  THREAD_STATUSES,
  type InboxThread,
  type ThreadStatus,
  type UpdateThreadRequest,
} from '@contracts';
import { announce } from '@web/lib/announcer';
import { errorMessage } from '@web/lib/api';
import { STATUS_TAG } from '@web/modules/contact/contact-labels';
import { ErrorMessage } from '@web/ui/FieldParts';
import { useOfficers, useUpdateThread } from '../hooks/use-inbox';

export interface ThreadControlsProps {
  thread: InboxThread;
  myUserId: string;
}

const UNASSIGNED = 'none';

/**
 * The thread's status and who it is assigned to, saved together; "Assign to me" claims it in
 * one step. The selects follow the thread when someone else changes it (the parent keys this
 * component by the thread's status and assignee).
 */
export function ThreadControls({ thread, myUserId }: ThreadControlsProps) {
  const officers = useOfficers();
  const update = useUpdateThread(thread.id);
  const [status, setStatus] = useState<ThreadStatus>(thread.status);
  const [assignee, setAssignee] = useState(thread.assigneeId ?? UNASSIGNED);
  const [error, setError] = useState<string | null>(null);

  const options = [...(officers.data ?? [])];
  // The current assignee is listed even if the officers list has not loaded (or left them out).
  if (thread.assigneeId && !options.some((officer) => officer.id === thread.assigneeId)) {
    options.push({ id: thread.assigneeId, name: thread.assigneeName ?? 'Another officer' });
  }

  const save = (request: UpdateThreadRequest, said: string) => {
    setError(null);
    update.mutate(request, {
      onSuccess: () => announce(said),
      onError: (failure) => setError(errorMessage(failure)),
    });
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (update.isPending) return;
    const request: UpdateThreadRequest = {};
    if (status !== thread.status) request.status = status;
    const assigneeId = assignee === UNASSIGNED ? null : assignee;
    if (assigneeId !== thread.assigneeId) request.assigneeId = assigneeId;
    if (Object.keys(request).length === 0) {
      announce('Nothing to save: the status and assignee are unchanged.');
      return;
    }
    const name = options.find((officer) => officer.id === assigneeId)?.name;
    const parts = [
      request.status ? `status ${STATUS_TAG[request.status].label}` : null,
      request.assigneeId !== undefined ? (name ? `assigned to ${name}` : 'unassigned') : null,
    ].filter(Boolean);
    save(request, `Saved: ${parts.join(', ')}.`);
  };

  const mine = thread.assigneeId === myUserId;

  return (
    <form
      noValidate
      onSubmit={onSubmit}
      className="app-thread-controls"
      aria-label="Status and assignee"
    >
      {error ? <ErrorMessage id="thread-controls-error">{error}</ErrorMessage> : null}
      <div className="app-thread-controls__fields">
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="thread-status">
            Status
          </label>
          <select
            className="govuk-select app-select"
            id="thread-status"
            name="status"
            value={status}
            onChange={(event) => setStatus(event.target.value as ThreadStatus)}
          >
            {THREAD_STATUSES.map((value) => (
              <option key={value} value={value}>
                {STATUS_TAG[value].label}
              </option>
            ))}
          </select>
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="thread-assignee">
            Assigned to
          </label>
          <select
            className="govuk-select app-select"
            id="thread-assignee"
            name="assignee"
            value={assignee}
            onChange={(event) => setAssignee(event.target.value)}
          >
            <option value={UNASSIGNED}>Nobody</option>
            {options.map((officer) => (
              <option key={officer.id} value={officer.id}>
                {officer.id === myUserId ? `${officer.name} (you)` : officer.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="govuk-button-group">
        <button
          type="submit"
          className="govuk-button govuk-button--secondary"
          data-module="govuk-button"
          aria-disabled={update.isPending || undefined}
        >
          Save status and assignee
        </button>
        {mine ? null : (
          <button
            type="button"
            className="govuk-button"
            data-module="govuk-button"
            aria-disabled={update.isPending || undefined}
            onClick={() => {
              if (!update.isPending) save({ assigneeId: myUserId }, 'Assigned to you.');
            }}
          >
            Assign to me
          </button>
        )}
      </div>
    </form>
  );
}
