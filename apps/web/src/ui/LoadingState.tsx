export interface LoadingStateProps {
  label?: string;
}

export function LoadingState({ label = 'Loading…' }: LoadingStateProps) {
  return (
    <p className="govuk-body app-loading" role="status">
      <span className="app-loading__spinner" aria-hidden="true" />
      {label}
    </p>
  );
}
