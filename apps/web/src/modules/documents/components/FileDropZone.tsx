import { useEffect, useRef, useState, type DragEvent, type ReactNode } from 'react';
import { describedBy, ErrorMessage, FormGroup, Hint } from '@web/ui/FieldParts';
import { formatBytes } from '../document-labels';

export interface FileDropZoneProps {
  id: string;
  name: string;
  label: string;
  labelClass?: string;
  hint?: ReactNode;
  file: File | null;
  onChange: (file: File | null) => void;
  error?: string;
  /** The file input's `accept` (a hint to the file picker only). */
  accept?: string;
  disabled?: boolean;
}

function hasFiles(event: DragEvent<HTMLDivElement>): boolean {
  return Array.from(event.dataTransfer.types).includes('Files');
}

/**
 * A GOV.UK file upload inside a drop zone: a file can be dragged onto the zone, or chosen with
 * the ordinary file input (which stays a real, labelled input for keyboards, screen readers
 * and tests). The chosen file's name and size are shown and announced.
 */
export function FileDropZone({
  id,
  name,
  label,
  labelClass,
  hint,
  file,
  onChange,
  error,
  accept,
  disabled,
}: FileDropZoneProps) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);

  // A reset form (file null) clears the input as well.
  useEffect(() => {
    if (!file && input.current && input.current.value) input.current.value = '';
  }, [file]);

  const onDragEnter = (event: DragEvent<HTMLDivElement>) => {
    if (disabled || !hasFiles(event)) return;
    event.preventDefault();
    depth.current += 1;
    setDragging(true);
  };
  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (disabled || !hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };
  const onDragLeave = () => {
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setDragging(false);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    if (disabled || !hasFiles(event)) return;
    event.preventDefault();
    depth.current = 0;
    setDragging(false);
    const dropped = event.dataTransfer.files.item(0);
    if (!dropped) return;
    // The input shows the dropped file too, where the browser allows setting it.
    if (input.current) {
      try {
        const transfer = new DataTransfer();
        transfer.items.add(dropped);
        input.current.files = transfer.files;
      } catch {
        // Older browsers: the name below says which file was dropped.
      }
    }
    onChange(dropped);
  };

  const statusId = `${id}-status`;
  const described = [describedBy(id, hint, error), statusId].filter(Boolean).join(' ');

  return (
    <FormGroup error={error}>
      <label className={`govuk-label${labelClass ? ` ${labelClass}` : ''}`} htmlFor={id}>
        {label}
      </label>
      {hint ? <Hint id={`${id}-hint`}>{hint}</Hint> : null}
      {error ? <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage> : null}
      <div
        className={`app-drop-zone${dragging ? ' app-drop-zone--dragging' : ''}${error ? ' app-drop-zone--error' : ''}`}
        data-testid={`${id}-drop-zone`}
        onDragEnter={onDragEnter}
        onDragOver={onDragOver}
        onDragLeave={onDragLeave}
        onDrop={onDrop}
      >
        <p className="govuk-body app-drop-zone__text" aria-hidden="true">
          {dragging ? 'Drop the file to choose it' : 'Drag and drop a file here, or'}
        </p>
        <input
          ref={input}
          className={`govuk-file-upload${error ? ' govuk-file-upload--error' : ''}`}
          id={id}
          name={name}
          type="file"
          accept={accept}
          disabled={disabled}
          aria-describedby={described || undefined}
          aria-invalid={error ? true : undefined}
          onChange={(event) => onChange(event.target.files?.item(0) ?? null)}
        />
        <p className="govuk-body-s app-drop-zone__file" id={statusId} aria-live="polite">
          {file ? (
            <>
              Selected: <strong className="app-break">{file.name}</strong> ({formatBytes(file.size)}
              )
            </>
          ) : (
            'No file selected'
          )}
        </p>
      </div>
    </FormGroup>
  );
}
