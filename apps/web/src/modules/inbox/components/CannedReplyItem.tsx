import { useState } from 'react';
import type { CannedReply } from '@contracts';
import { errorMessage } from '@web/lib/api';
import { ConfirmPanel } from '@web/ui/ConfirmPanel';
import { useDeleteCannedReply } from '../hooks/use-inbox';
import { CannedReplyForm } from './CannedReplyForm';

export interface CannedReplyItemProps {
  reply: CannedReply;
  onChanged: (message: string) => void;
}

/** One canned reply: its title and text, to edit or delete (with a confirmation). */
export function CannedReplyItem({ reply, onChanged }: CannedReplyItemProps) {
  const [mode, setMode] = useState<'show' | 'edit' | 'delete'>('show');
  const [error, setError] = useState<string | null>(null);
  const remove = useDeleteCannedReply();
  const headingId = `canned-${reply.id}-title-heading`;

  return (
    <li className="app-card app-canned">
      <h3 className="govuk-heading-s app-break" id={headingId}>
        {reply.title}
      </h3>
      {mode === 'edit' ? (
        <CannedReplyForm
          reply={reply}
          onDone={(saved) => {
            setMode('show');
            onChanged(`“${saved.title}” has been saved.`);
          }}
          onCancel={() => setMode('show')}
        />
      ) : (
        <>
          <div className="govuk-body app-preserve-lines">{reply.body}</div>
          {mode === 'delete' ? (
            <ConfirmPanel
              id={`canned-${reply.id}-delete`}
              question={`Delete the canned reply “${reply.title}”?`}
              confirmLabel="Yes, delete it"
              error={error}
              busy={remove.isPending}
              onConfirm={() =>
                remove.mutate(reply.id, {
                  onSuccess: () => onChanged(`“${reply.title}” has been deleted.`),
                  onError: (failure) => setError(errorMessage(failure)),
                })
              }
              onCancel={() => {
                setError(null);
                setMode('show');
              }}
            />
          ) : (
            <div className="app-canned__actions">
              <button type="button" className="app-link-button" onClick={() => setMode('edit')}>
                Edit<span className="govuk-visually-hidden"> {reply.title}</span>
              </button>
              <button type="button" className="app-link-button" onClick={() => setMode('delete')}>
                Delete<span className="govuk-visually-hidden"> {reply.title}</span>
              </button>
            </div>
          )}
        </>
      )}
    </li>
  );
}
