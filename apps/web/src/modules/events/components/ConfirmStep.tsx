import type { ReactNode } from 'react';
import { Button } from '@web/ui/Button';
import { ErrorMessage } from '@web/ui/FieldParts';

export interface ConfirmStepProps {
  /** Base for the ids of the question and the error. */
  id: string;
  question: ReactNode;
  confirmLabel: string;
  /** The safe choice ("No, keep my place"). */
  keepLabel: string;
  error: string | null;
  busy: boolean;
  onConfirm: () => void;
  onKeep: () => void;
  children?: ReactNode;
}

/**
 * The second step of an action that cannot be taken back, as `ui/ConfirmPanel` but with both
 * answers spelt out (a "Cancel" button would be ambiguous next to "Cancel my place").
 */
export function ConfirmStep({
  id,
  question,
  confirmLabel,
  keepLabel,
  error,
  busy,
  onConfirm,
  onKeep,
  children,
}: ConfirmStepProps) {
  return (
    <div className="app-confirm" role="group" aria-labelledby={`${id}-confirm`}>
      <p className="govuk-body govuk-!-font-weight-bold" id={`${id}-confirm`}>
        {question}
      </p>
      {children}
      {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
      <div className="govuk-button-group">
        <Button variant="warning" onClick={onConfirm} busy={busy}>
          {confirmLabel}
        </Button>
        <Button variant="secondary" onClick={onKeep}>
          {keepLabel}
        </Button>
      </div>
    </div>
  );
}
