import { simpleParser } from 'mailparser';
import type { Pool } from 'pg';
import { SecretBox } from '@api/common/secret-box';
import { deriveKey } from '@api/config/keys';
import type { SmtpSink } from './smtp';
import { TEST_JWT_SECRET } from './test-app';

const box = new SecretBox(deriveKey(TEST_JWT_SECRET, 'mail'));

/** Bodies of the outbox's messages to `to`, newest first, opened (they are stored sealed). */
export async function outboxTexts(db: Pool, to: string): Promise<string[]> {
  const { rows } = await db.query<{ text: string | null }>(
    'SELECT text FROM mail_outbox WHERE to_address = $1 ORDER BY created_at DESC, id DESC',
    [to.toLowerCase()],
  );
  return rows.map((r) => (r.text === null ? '' : (box.open(r.text) ?? r.text)));
}

/** Text bodies of the messages a sink received for `to`, newest first. */
async function sinkTexts(sink: SmtpSink, to: string): Promise<string[]> {
  const mine = sink.messages.filter((m) => m.to.includes(to.toLowerCase())).reverse();
  return Promise.all(mine.map(async (m) => (await simpleParser(m.raw)).text ?? ''));
}

/**
 * The newest link to `path` (`/verify-email`, `/reset-password`) mailed to `to`, with its
 * token. Read from the outbox (apps without SMTP_URL keep their mail there, sealed), or, for
 * an app that sends, from its SMTP `sink` once every message the outbox lists for `to` has
 * arrived (a sent message's body is deleted). Waits briefly for mail written after the answer
 * (a reset is mailed after `202`).
 */
export async function mailedLink(
  db: Pool,
  to: string,
  path: string,
  options: { sink?: SmtpSink; timeoutMs?: number } = {},
): Promise<{ url: string; token: string }> {
  const deadline = Date.now() + (options.timeoutMs ?? 5_000);
  const pattern = new RegExp(`(\\S*${path}\\?token=([A-Za-z0-9_-]+))`);
  const { sink } = options;
  for (;;) {
    let texts: string[] = [];
    if (!sink) texts = await outboxTexts(db, to);
    else if ((await subjectsTo(db, to)).length <= sinkCount(sink, to)) {
      texts = await sinkTexts(sink, to);
    }
    for (const text of texts) {
      const match = pattern.exec(text);
      if (match) return { url: match[1], token: match[2] };
    }
    if (Date.now() > deadline) throw new Error(`no ${path} link mailed to ${to}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function sinkCount(sink: SmtpSink, to: string): number {
  return sink.messages.filter((m) => m.to.includes(to.toLowerCase())).length;
}

/** Subjects of every message to `to`, oldest first. */
export async function subjectsTo(db: Pool, to: string): Promise<string[]> {
  const { rows } = await db.query<{ subject: string }>(
    'SELECT subject FROM mail_outbox WHERE to_address = $1 ORDER BY id',
    [to.toLowerCase()],
  );
  return rows.map((r) => r.subject);
}
