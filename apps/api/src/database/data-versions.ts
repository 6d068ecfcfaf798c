import type { DataSource, EntityManager } from 'typeorm';

/**
 * Views whose cached answers are checked against a change counter in `data_versions`, bumped
 * by deferred triggers once per committing transaction that changes what the view shows.
 */
export type DataView = 'directory' | 'library';

/** The view's counter now; null when its row is missing (then nothing should be cached). */
export async function readDataVersion(
  db: DataSource | EntityManager,
  view: DataView,
): Promise<number | null> {
  const [row] = await db.query<Array<{ version: string }>>(
    `SELECT version FROM data_versions WHERE name = $1`,
    [view],
  );
  return row ? Number(row.version) : null;
}
