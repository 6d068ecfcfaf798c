import type { ReactNode } from 'react';

export interface HintProps {
  id: string;
  children: ReactNode;
}

export function Hint({ id, children }: HintProps) {
  return (
    <div id={id} className="govuk-hint">
      {children}
    </div>
  );
}

export interface ErrorMessageProps {
  id: string;
  children: ReactNode;
}

export function ErrorMessage({ id, children }: ErrorMessageProps) {
  return (
    <p id={id} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {children}
    </p>
  );
}

export interface FormGroupProps {
  error?: string;
  children: ReactNode;
}

export function FormGroup({ error, children }: FormGroupProps) {
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>{children}</div>
  );
}

/** The `aria-describedby` value for a field with an optional hint and error. */
export function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}
