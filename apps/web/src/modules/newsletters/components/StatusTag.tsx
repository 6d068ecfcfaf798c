import type { NewsletterStatus } from '@contracts';
import { Tag } from '@web/ui/Tag';
import { STATUS_TAG } from '../newsletter-labels';

export interface StatusTagProps {
  status: NewsletterStatus;
}

export function StatusTag({ status }: StatusTagProps) {
  const tag = STATUS_TAG[status];
  return <Tag colour={tag.colour}>{tag.label}</Tag>;
}
