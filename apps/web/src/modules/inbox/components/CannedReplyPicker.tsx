import { useState } from 'react';
import { Link } from 'react-router';
import type { CannedReply } from '@contracts';
import { useCannedReplies } from '../hooks/use-inbox';

export interface CannedReplyPickerProps {
  onInsert: (reply: CannedReply) => void;
  disabled?: boolean;
}

/** A select of the team's canned replies and an "Insert" button that puts one in the box. */
export function CannedReplyPicker({ onInsert, disabled }: CannedReplyPickerProps) {
  const canned = useCannedReplies();
  const [chosen, setChosen] = useState('');
  const items = canned.data ?? [];

  if (canned.isPending) return null;
  if (items.length === 0) {
    return (
      <p className="govuk-body-s app-secondary-text">
        No canned replies yet.{' '}
        <Link className="govuk-link" to="/inbox/canned-replies">
          Add canned replies
        </Link>
      </p>
    );
  }

  const insert = () => {
    const reply = items.find((item) => item.id === chosen);
    if (reply) onInsert(reply);
  };

  return (
    <div className="app-canned-picker">
      <div className="govuk-form-group">
        <label className="govuk-label govuk-label--s" htmlFor="canned-reply">
          Canned reply
        </label>
        <select
          className="govuk-select app-select"
          id="canned-reply"
          name="canned-reply"
          value={chosen}
          onChange={(event) => setChosen(event.target.value)}
          disabled={disabled}
        >
          <option value="">Choose a canned reply</option>
          {items.map((item) => (
            <option key={item.id} value={item.id}>
              {item.title}
            </option>
          ))}
        </select>
      </div>
      <button
        type="button"
        className="govuk-button govuk-button--secondary app-canned-picker__insert"
        data-module="govuk-button"
        onClick={insert}
        disabled={disabled || chosen === ''}
      >
        Insert<span className="govuk-visually-hidden"> the canned reply</span>
      </button>
    </div>
  );
}
