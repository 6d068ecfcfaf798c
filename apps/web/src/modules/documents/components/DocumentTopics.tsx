import { Tag } from '@web/ui/Tag';

export interface DocumentTopicsProps {
  ids: readonly string[];
  topicLabel: (id: string) => string;
  /** The list's accessible name ("Topics of <title>"). */
  label: string;
  colour?: 'blue' | 'purple';
}

/** A document's topics (or crime types) as tags. */
export function DocumentTopics({ ids, topicLabel, label, colour = 'blue' }: DocumentTopicsProps) {
  if (ids.length === 0) return null;
  return (
    <ul className="app-tag-list" aria-label={label}>
      {ids.map((id) => (
        <li key={id}>
          <Tag colour={colour}>{topicLabel(id)}</Tag>
        </li>
      ))}
    </ul>
  );
}
