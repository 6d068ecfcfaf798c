import { Tag } from '@web/ui/Tag';

export interface TopicTagsProps {
  topics: readonly string[];
  topicLabel: (id: string) => string;
  /** The list's accessible name ("Topics of <title>"). */
  label: string;
}

/** An issue's topics as blue tags. */
export function TopicTags({ topics, topicLabel, label }: TopicTagsProps) {
  if (topics.length === 0) return null;
  return (
    <ul className="app-tag-list" aria-label={label}>
      {topics.map((id) => (
        <li key={id}>
          <Tag colour="blue">{topicLabel(id)}</Tag>
        </li>
      ))}
    </ul>
  );
}
