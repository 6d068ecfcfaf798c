import { formatBytes } from '../document-labels';
import type { UploadState } from '../hooks/use-upload';

export interface UploadProgressBarProps {
  id: string;
  state: UploadState;
  onCancel: () => void;
}

/**
 * The progress of an upload: a bar, the percent and the bytes sent, and a Cancel button. Once
 * every byte is sent the server checks the file, and the bar says so.
 */
export function UploadProgressBar({ id, state, onCancel }: UploadProgressBarProps) {
  if (state.phase === 'idle') return null;
  const { loaded, total } = state.progress;
  const percent = total > 0 ? Math.min(100, Math.floor((loaded / total) * 100)) : 0;
  const labelId = `${id}-label`;
  return (
    <div className="app-upload-progress" data-testid={id} data-percent={percent}>
      <p className="govuk-body govuk-!-font-weight-bold app-break" id={labelId}>
        {state.phase === 'checking'
          ? `Checking ${state.fileName}…`
          : `Uploading ${state.fileName}…`}
      </p>
      <progress
        className="app-upload-progress__bar"
        id={id}
        max={100}
        value={percent}
        aria-labelledby={labelId}
        aria-describedby={`${id}-text`}
      >
        {percent}%
      </progress>
      <p className="govuk-body-s app-upload-progress__text" id={`${id}-text`}>
        <span className="app-upload-progress__percent">{percent}%</span>
        {' – '}
        {formatBytes(loaded)} of {formatBytes(total)}
        {state.phase === 'checking' ? '. Checking the file for protective markings…' : ''}
      </p>
      <button
        type="button"
        className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
        data-module="govuk-button"
        onClick={onCancel}
      >
        Cancel upload
      </button>
    </div>
  );
}
