export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;
