import { useEffect, useRef, type MouseEvent } from 'react';

export interface ErrorSummaryItem {
  /** The id of the field the error is about; without it the item is plain text. */
  fieldId?: string;
  text: string;
}

export interface ErrorSummaryProps {
  items: ErrorSummaryItem[];
  title?: string;
}

function focusField(event: MouseEvent<HTMLAnchorElement>, fieldId: string): void {
  const field = document.getElementById(fieldId);
  if (!field) return;
  event.preventDefault();
  // Scroll the field's label (or legend) into view too, as the GOV.UK pattern does.
  const label =
    document.querySelector<HTMLElement>(`label[for="${CSS.escape(fieldId)}"]`) ??
    field.closest('fieldset')?.querySelector<HTMLElement>('legend');
  (label ?? field).scrollIntoView({ block: 'start' });
  field.focus({ preventScroll: true });
}

/** GOV.UK error summary: gets focus when it appears, links move focus to the fields. */
export function ErrorSummary({ items, title = 'There is a problem' }: ErrorSummaryProps) {
  const ref = useRef<HTMLDivElement>(null);
  const signature = items.map((item) => `${item.fieldId ?? ''}:${item.text}`).join('|');

  useEffect(() => {
    if (signature) ref.current?.focus();
  }, [signature]);

  if (items.length === 0) return null;
  return (
    <div className="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">{title}</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {items.map((item) => (
              <li key={`${item.fieldId ?? ''}-${item.text}`}>
                {item.fieldId ? (
                  <a
                    href={`#${item.fieldId}`}
                    onClick={(event) => focusField(event, item.fieldId ?? '')}
                  >
                    {item.text}
                  </a>
                ) : (
                  item.text
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}
