import type { EntityManager } from 'typeorm';

/** How many passkeys a user has, in the caller's transaction or on its own. */
export async function countPasskeys(m: EntityManager, userId: string): Promise<number> {
  const [row] = await m.query<{ n: number }[]>(
    'SELECT count(*)::int AS n FROM passkeys WHERE user_id = $1',
    [userId],
  );
  return row?.n ?? 0;
}
