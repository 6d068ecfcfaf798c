import { Injectable } from '@nestjs/common';
import type { RetentionRuleKey, RetentionTrigger } from '@contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { rowsOf } from '@api/database/query-result';

export interface RuleRow {
  key: string;
  days: number | null;
  last_run_at: Date | null;
  last_run_rows: number | null;
  last_run_trigger: RetentionTrigger | null;
}

/** What one batch did: rows handled, and stored files that may now be unused. */
export interface BatchResult {
  rows: number;
  releasedKeys?: string[];
}

/** The lease a run holds; longer than any run should take, so a crashed run frees it. */
const LEASE = `interval '30 minutes'`;
/** The daily run: at 03:00 UTC, when the network is quietest. */
const NEXT_DAILY_RUN = `date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + interval '1 day 3 hours'`;

/**
 * Each statement handles at most `limit` rows past `days`, oldest first, skipping rows another
 * transaction holds: the caller runs it in its own short transaction until a batch comes back
 * short, so a large table is never locked for long.
 */
@Injectable()
export class RetentionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async rules(): Promise<RuleRow[]> {
    return this.dataSource.query<RuleRow[]>(
      `SELECT key, days, last_run_at, last_run_rows, last_run_trigger FROM retention_rules`,
    );
  }

  /** The settings, locked for a change (rows missing from an emptied table read as defaults). */
  async lockRules(m: EntityManager): Promise<RuleRow[]> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('retention-rules', 0))`);
    return m.query<RuleRow[]>(
      `SELECT key, days, last_run_at, last_run_rows, last_run_trigger FROM retention_rules`,
    );
  }

  async setDays(m: EntityManager, key: string, days: number): Promise<void> {
    await m.query(
      `INSERT INTO retention_rules (key, days, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (key) DO UPDATE SET days = EXCLUDED.days, updated_at = now()`,
      [key, days],
    );
  }

  async recordRun(
    m: EntityManager,
    key: string,
    rows: number,
    trigger: RetentionTrigger,
  ): Promise<void> {
    await m.query(
      `INSERT INTO retention_rules (key, last_run_at, last_run_rows, last_run_trigger)
       VALUES ($1, now(), $2, $3)
       ON CONFLICT (key) DO UPDATE SET last_run_at = now(), last_run_rows = EXCLUDED.last_run_rows,
         last_run_trigger = EXCLUDED.last_run_trigger`,
      [key, rows, trigger],
    );
  }

  /** The schedule row, created on first use (an emptied table schedules tomorrow's run). */
  async state(): Promise<{ next_run_at: Date; running: boolean }> {
    await this.dataSource.query(
      `INSERT INTO retention_state (id, next_run_at) VALUES (true, ${NEXT_DAILY_RUN})
       ON CONFLICT (id) DO NOTHING`,
    );
    const [row] = await this.dataSource.query<{ next_run_at: Date; running: boolean }[]>(
      `SELECT next_run_at, coalesce(running_until > now(), false) AS running
         FROM retention_state WHERE id`,
    );
    return row;
  }

  /**
   * Takes the run lease in one statement, so of any number of parallel callers (on any
   * instance) one wins; `due` also requires the daily run to be due and moves it to tomorrow.
   */
  async claimRun(m: EntityManager, due: boolean): Promise<boolean> {
    await m.query(
      `INSERT INTO retention_state (id, next_run_at) VALUES (true, ${NEXT_DAILY_RUN})
       ON CONFLICT (id) DO NOTHING`,
    );
    const rows = rowsOf<{ id: boolean }>(
      await m.query(
        `UPDATE retention_state
            SET running_until = now() + ${LEASE},
                next_run_at = CASE WHEN $1 THEN ${NEXT_DAILY_RUN} ELSE next_run_at END
          WHERE id AND (running_until IS NULL OR running_until <= now())
            AND (NOT $1 OR next_run_at <= now())
          RETURNING id`,
        [due],
      ),
    );
    return rows.length === 1;
  }

  async releaseRun(): Promise<void> {
    await this.dataSource.query(`UPDATE retention_state SET running_until = NULL WHERE id`);
  }

  /** One batch of a rule (the expired-tokens rule has one statement per table). */
  batch(
    m: EntityManager,
    key: RetentionRuleKey,
    part: string,
    days: number,
    limit: number,
  ): Promise<BatchResult> {
    switch (key) {
      case 'unverified_accounts':
        return this.deleteUsers(
          m,
          `email_verified_at IS NULL AND status = 'pending' AND created_at < now() - $1 * interval '1 day'`,
          'account.unverified_expired',
          days,
          limit,
        );
      case 'rejected_applications':
        // Never someone another record must keep naming (an account rejected after having acted).
        return this.deleteUsers(
          m,
          `status = 'rejected' AND coalesce(decided_at, updated_at) < now() - $1 * interval '1 day'
           AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.invited_by = u.id)
           AND NOT EXISTS (SELECT 1 FROM auto_approve_domains d WHERE d.created_by = u.id)
           AND NOT EXISTS (SELECT 1 FROM newsletters n
                            WHERE u.id IN (n.author_id, n.last_edited_by, n.cleared_by))
           AND NOT EXISTS (SELECT 1 FROM events e WHERE e.organiser_id = u.id)`,
          'retention.application_deleted',
          days,
          limit,
        );
      case 'closed_contact_threads':
        return this.anonymiseThreads(m, days, limit);
      case 'notifications':
        return this.deleteWhere(
          m,
          'notifications',
          'id',
          `created_at < now() - $1 * interval '1 day'`,
          days,
          limit,
        );
      case 'sent_mail':
        return this.deleteWhere(
          m,
          'mail_outbox',
          'id',
          `status = 'sent' AND sent_at < now() - $1 * interval '1 day'`,
          days,
          limit,
        );
      case 'expired_tokens':
        return this.deleteExpired(m, part, days, limit);
    }
  }

  private async deleteUsers(
    m: EntityManager,
    condition: string,
    action: string,
    days: number,
    limit: number,
  ): Promise<BatchResult> {
    // Deleted and audited in one statement: each record exists exactly when the account is gone.
    const rows = rowsOf<{ target_id: string }>(
      await m.query(
        `WITH gone AS (
           DELETE FROM users WHERE id IN (
             SELECT u.id FROM users u WHERE ${condition}
              ORDER BY u.created_at LIMIT $2 FOR UPDATE SKIP LOCKED)
           RETURNING id)
         INSERT INTO audit_log (actor_id, action, target_type, target_id, detail)
         SELECT NULL, '${action}', 'user', id::text, '{}'::jsonb FROM gone
         RETURNING target_id`,
        [days, limit],
      ),
    );
    return { rows: rows.length };
  }

  private async deleteWhere(
    m: EntityManager,
    table: string,
    id: string,
    condition: string,
    days: number,
    limit: number,
  ): Promise<BatchResult> {
    const result: unknown = await m.query(
      `DELETE FROM ${table} WHERE ${id} IN (
         SELECT ${id} FROM ${table} WHERE ${condition} LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      [days, limit],
    );
    return { rows: affected(result) };
  }

  /** Used or expired links, sign-in ceremonies, ended rate windows, ended sessions. */
  private deleteExpired(
    m: EntityManager,
    part: string,
    days: number,
    limit: number,
  ): Promise<BatchResult> {
    switch (part) {
      case 'account_tokens':
        return this.deleteWhere(
          m,
          'account_tokens',
          'id',
          `expires_at < now() - $1 * interval '1 day'`,
          days,
          limit,
        );
      case 'auth_challenges':
        return this.deleteWhere(
          m,
          'auth_challenges',
          'id',
          `expires_at < now() - $1 * interval '1 day'`,
          days,
          limit,
        );
      case 'rate_limits':
        return this.deleteWhere(
          m,
          'rate_limits',
          'key',
          `reset_at < now() - $1 * interval '1 day'`,
          days,
          limit,
        );
      case 'sessions':
        // A revoked session is kept 30 days at least: its refresh tokens reveal reuse.
        return this.deleteWhere(
          m,
          'sessions',
          'id',
          `expires_at < now() - $1 * interval '1 day'
           OR revoked_at < now() - greatest($1, 30) * interval '1 day'`,
          days,
          limit,
        );
      default:
        throw new Error(`Unknown part of expired_tokens: ${part}`);
    }
  }

  /**
   * Closed threads past their time keep their reference, category, dates and counts; the
   * sender's name, address, organisation and network address, the subject, every message body
   * and the attachments go, as do the tracking links (the stored hash becomes one no token has:
   * not hex, of a hash's length). One audit row per thread, by id.
   */
  private async anonymiseThreads(
    m: EntityManager,
    days: number,
    limit: number,
  ): Promise<BatchResult> {
    const threads = await m.query<{ id: string }[]>(
      `SELECT id FROM inbox_threads
        WHERE status = 'closed' AND anonymised_at IS NULL
          AND updated_at < now() - $1 * interval '1 day'
        ORDER BY updated_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [days, limit],
    );
    if (threads.length === 0) return { rows: 0, releasedKeys: [] };
    const ids = threads.map((t) => t.id);
    const files = rowsOf<{ sha256: string }>(
      await m.query(
        `DELETE FROM inbox_attachments a USING inbox_messages x
          WHERE a.message_id = x.id AND x.thread_id = ANY($1::uuid[])
          RETURNING a.sha256`,
        [ids],
      ),
    );
    await m.query(
      `UPDATE inbox_messages
          SET body = '[Removed under the retention policy]', email_message_id = NULL,
              author_name = CASE WHEN author_kind = 'sender' THEN 'Anonymised' ELSE author_name END
        WHERE thread_id = ANY($1::uuid[])`,
      [ids],
    );
    await m.query(`DELETE FROM inbox_tracking_tokens WHERE thread_id = ANY($1::uuid[])`, [ids]);
    await m.query(
      `WITH done AS (
         UPDATE inbox_threads
            SET sender_name = 'Anonymised', sender_email = 'anonymised', sender_organisation = NULL,
                sender_ip = NULL, user_id = NULL, subject = 'Anonymised',
                token_hash = repeat('x', 64), search_vector = NULL,
                anonymised_at = now()
          WHERE id = ANY($1::uuid[])
          RETURNING id)
       INSERT INTO audit_log (actor_id, action, target_type, target_id, detail)
       SELECT NULL, 'retention.thread_anonymised', 'inbox_thread', id::text, '{}'::jsonb FROM done`,
      [ids],
    );
    return { rows: ids.length, releasedKeys: [...new Set(files.map((f) => f.sha256))] };
  }
}

/** Rows a DELETE or UPDATE touched, as TypeORM answers a raw statement. */
function affected(result: unknown): number {
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}
