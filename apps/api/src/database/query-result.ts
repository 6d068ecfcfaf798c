/**
 * The rows of a raw query. TypeORM answers SELECT and INSERT … RETURNING with the rows, but
 * UPDATE and DELETE (… RETURNING) with `[rows, affected]`.
 */
export function rowsOf<T>(result: unknown): T[] {
  if (!Array.isArray(result)) return [];
  return (Array.isArray(result[0]) ? result[0] : result) as T[];
}
