export interface ErrorStateProps {
  title?: string;
  message: string;
  onRetry?: () => void;
}

export function ErrorState({
  title = 'Sorry, there is a problem',
  message,
  onRetry,
}: ErrorStateProps) {
  return (
    <div className="app-error-state" role="alert">
      <h2 className="govuk-heading-m">{title}</h2>
      <p className="govuk-body">{message}</p>
      {onRetry ? (
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
