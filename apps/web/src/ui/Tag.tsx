import type { ReactNode } from 'react';

export type TagColour =
  | 'grey'
  | 'green'
  | 'teal'
  | 'blue'
  | 'light-blue'
  | 'purple'
  | 'pink'
  | 'red'
  | 'orange'
  | 'yellow';

export interface TagProps {
  children: ReactNode;
  colour?: TagColour;
}

export function Tag({ children, colour }: TagProps) {
  return (
    <strong className={`govuk-tag${colour ? ` govuk-tag--${colour}` : ''}`}>{children}</strong>
  );
}
