import type { SendProgress as Progress } from '../api/contact-request';
import { formatBytes } from '../attachments';

export interface SendProgressProps {
  id: string;
  progress: Progress | null;
}

/** How much of a message and its files has been sent. */
export function SendProgress({ id, progress }: SendProgressProps) {
  if (!progress) return null;
  const { loaded, total } = progress;
  const percent = total > 0 ? Math.min(100, Math.floor((loaded / total) * 100)) : 0;
  const labelId = `${id}-label`;
  return (
    <div className="app-send-progress" data-testid={id} data-percent={percent}>
      <p className="govuk-body govuk-!-font-weight-bold" id={labelId}>
        {percent >= 100 ? 'Checking your files…' : 'Sending your message and files…'}
      </p>
      <progress
        className="app-send-progress__bar"
        id={id}
        max={100}
        value={percent}
        aria-labelledby={labelId}
        aria-describedby={`${id}-text`}
      >
        {percent}%
      </progress>
      <p className="govuk-body-s" id={`${id}-text`}>
        {percent}% – {formatBytes(loaded)} of {formatBytes(total)}
      </p>
    </div>
  );
}
