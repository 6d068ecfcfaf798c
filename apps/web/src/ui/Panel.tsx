import type { ReactNode } from 'react';

export interface PanelProps {
  /** The panel title is the page's h1. */
  title: ReactNode;
  children?: ReactNode;
}

export function Panel({ title, children }: PanelProps) {
  return (
    <div className="govuk-panel app-panel">
      <h1 className="govuk-panel__title">{title}</h1>
      {children ? <div className="govuk-panel__body">{children}</div> : null}
    </div>
  );
}
