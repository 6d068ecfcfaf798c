import type { ReactNode } from 'react';
import { Button } from './Button';
import { ErrorMessage } from './FieldParts';

export interface ConfirmPanelProps {
  /** Base for the ids of the question and the error. */
  id: string;
  question: ReactNode;
  confirmLabel: string;
  error: string | null;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** The second step of a destructive action: the question, "Yes, …" and Cancel. */
export function ConfirmPanel({
  id,
  question,
  confirmLabel,
  error,
  busy,
  onConfirm,
  onCancel,
}: ConfirmPanelProps) {
  return (
    <div className="app-confirm" role="group" aria-labelledby={`${id}-confirm`}>
      <p className="govuk-body govuk-!-font-weight-bold" id={`${id}-confirm`}>
        {question}
      </p>
      {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
      <div className="govuk-button-group">
        <Button variant="warning" onClick={onConfirm} busy={busy}>
          {confirmLabel}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
