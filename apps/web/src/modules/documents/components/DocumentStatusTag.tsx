import type { DocumentStatus } from '@contracts';
import { Tag } from '@web/ui/Tag';
import { STATUS_TAG } from '../document-labels';

export interface DocumentStatusTagProps {
  status: DocumentStatus;
}

export function DocumentStatusTag({ status }: DocumentStatusTagProps) {
  const tag = STATUS_TAG[status];
  return <Tag colour={tag.colour}>{tag.label}</Tag>;
}
