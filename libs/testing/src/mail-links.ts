import type { Pool } from 'pg';

/**
 * The newest link to `path` (`/verify-email`, `/reset-password`) mailed to `to`, read from
 * the outbox (apps without SMTP_URL keep their mail there), with its token. Waits briefly
 * for mail written after the answer (a reset is mailed after `202`).
 */
export async function mailedLink(
  db: Pool,
  to: string,
  path: string,
  timeoutMs = 5_000,
): Promise<{ url: string; token: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.query<{ text: string }>(
      `SELECT text FROM mail_outbox WHERE to_address = $1 AND text LIKE '%' || $2 || '?token=%'
        ORDER BY id DESC LIMIT 1`,
      [to.toLowerCase(), path],
    );
    const match = rows[0]
      ? new RegExp(`(\\S*${path}\\?token=([A-Za-z0-9_-]+))`).exec(rows[0].text)
      : null;
    if (match) return { url: match[1], token: match[2] };
    if (Date.now() > deadline) throw new Error(`no ${path} link mailed to ${to}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Subjects of every message to `to`, oldest first. */
export async function subjectsTo(db: Pool, to: string): Promise<string[]> {
  const { rows } = await db.query<{ subject: string }>(
    'SELECT subject FROM mail_outbox WHERE to_address = $1 ORDER BY id',
    [to.toLowerCase()],
  );
  return rows.map((r) => r.subject);
}
