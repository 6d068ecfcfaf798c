import { Injectable } from '@nestjs/common';
import { FORMER_MEMBER_NAME, rooms } from '@contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { rowsOf } from '@api/database/query-result';

export interface ExportRow {
  id: string;
  user_id: string;
  status: 'pending' | 'ready' | 'failed' | 'expired';
  file_key: string | null;
  size: string | null;
  created_at: Date;
  ready_at: Date | null;
  expires_at: Date | null;
}

export interface UploadFile {
  document_id: string;
  number: number;
  file_name: string;
  sha256: string;
}

export interface ErasedUser {
  id: string;
  email: string;
  roles: string[];
  status: string;
  erased_at: Date | null;
}

type Row = Record<string, unknown>;

/** The address an erased account keeps: unique, and never deliverable (RFC 2606 `.invalid`). */
export const erasedEmail = (id: string) => `erased-${id}@erased.invalid`;

/** Every statement of members' data rights: what an export gathers and what erasure changes. */
@Injectable()
export class DataRightsRepository {
  constructor(private readonly dataSource: DataSource) {}

  // --- exports -------------------------------------------------------------------------

  async insertExport(m: EntityManager, userId: string): Promise<string> {
    const [row] = await m.query<{ id: string }[]>(
      `INSERT INTO data_exports (user_id) VALUES ($1) RETURNING id`,
      [userId],
    );
    return row.id;
  }

  async findExport(
    id: string,
    m: EntityManager = this.dataSource.manager,
  ): Promise<ExportRow | null> {
    const [row] = await m.query<ExportRow[]>(`SELECT * FROM data_exports WHERE id = $1`, [id]);
    return row ?? null;
  }

  async latestExports(userId: string, limit: number): Promise<ExportRow[]> {
    return this.dataSource.query<ExportRow[]>(
      `SELECT * FROM data_exports WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
      [userId, limit],
    );
  }

  /** Marks a pending export ready with its file; null when it is no longer pending. */
  async markReady(
    m: EntityManager,
    id: string,
    fileKey: string,
    size: number,
    ttlMs: number,
  ): Promise<ExportRow | null> {
    const rows = rowsOf<ExportRow>(
      await m.query(
        `UPDATE data_exports
            SET status = 'ready', file_key = $2, size = $3, ready_at = now(),
                expires_at = now() + $4 * interval '1 millisecond'
          WHERE id = $1 AND status = 'pending'
          RETURNING *`,
        [id, fileKey, size, ttlMs],
      ),
    );
    return rows[0] ?? null;
  }

  async markFailed(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE data_exports SET status = 'failed' WHERE id = $1 AND status = 'pending'`,
      [id],
    );
  }

  /**
   * Expires ready exports past their end (all, or the one given) and fails pending ones left
   * from a day ago; answers the files nothing points to any more.
   */
  async expire(m: EntityManager, only?: string): Promise<string[]> {
    const rows = rowsOf<{ file_key: string | null }>(
      await m.query(
        `WITH due AS (
           SELECT id, file_key FROM data_exports
            WHERE ($1::uuid IS NULL OR id = $1::uuid)
              AND ((status = 'ready' AND expires_at <= now())
                OR (status = 'pending' AND created_at <= now() - interval '1 day'))
            FOR UPDATE SKIP LOCKED)
         UPDATE data_exports e
            SET status = CASE WHEN e.status = 'ready' THEN 'expired' ELSE 'failed' END,
                file_key = NULL
           FROM due WHERE e.id = due.id
         RETURNING due.file_key`,
        [only ?? null],
      ),
    );
    return rows.map((r) => r.file_key).filter((k): k is string => k !== null);
  }

  /** Removes a user's exports; answers their files. */
  async deleteExports(m: EntityManager, userId: string): Promise<string[]> {
    const rows = rowsOf<{ file_key: string | null }>(
      await m.query(`DELETE FROM data_exports WHERE user_id = $1 RETURNING file_key`, [userId]),
    );
    return rows.map((r) => r.file_key).filter((k): k is string => k !== null);
  }

  // --- what an export holds ------------------------------------------------------------

  async profile(userId: string): Promise<Row | null> {
    const [row] = await this.dataSource.query<Row[]>(
      `SELECT id, email, name, title, organisation, sector, country, level, expertise, bio, orcid,
              website, phone, visibility, statement, status, roles, rejection_reason, decided_at,
              email_verified_at, password_changed_at, totp_confirmed_at IS NOT NULL AS totp_enabled,
              created_at, updated_at,
              (SELECT json_build_object('all', s.all_issues, 'topics', s.topics, 'updatedAt', s.updated_at)
                 FROM newsletter_subscriptions s WHERE s.user_id = users.id) AS newsletter_subscription,
              (SELECT coalesce(json_agg(json_build_object('name', p.name, 'createdAt', p.created_at,
                                                          'lastUsedAt', p.last_used_at) ORDER BY p.created_at), '[]')
                 FROM passkeys p WHERE p.user_id = users.id) AS passkeys,
              (SELECT coalesce(json_agg(json_build_object('provider', i.provider, 'email', i.email,
                                                          'createdAt', i.created_at) ORDER BY i.created_at), '[]')
                 FROM user_identities i WHERE i.user_id = users.id) AS single_sign_on
         FROM users WHERE id = $1`,
      [userId],
    );
    return row ?? null;
  }

  registrations(userId: string): Promise<Row[]> {
    return this.dataSource.query<Row[]>(
      `SELECT r.event_id, e.title AS event_title, e.starts_at, e.ends_at, e.timezone,
              r.status, r.registered_at
         FROM event_registrations r JOIN events e ON e.id = r.event_id
        WHERE r.user_id = $1 ORDER BY r.registered_at`,
      [userId],
    );
  }

  /** Documents they uploaded, or added a version to, with their own versions. */
  uploads(userId: string): Promise<Row[]> {
    return this.dataSource.query<Row[]>(
      `SELECT d.id, d.title, d.abstract, d.authors, d.year, d.topics, d.crime_types, d.language,
              d.source, d.marking, d.status, d.current_version, d.type, d.downloads,
              d.uploader_id = $1 AS uploaded_by_you, d.review_decision, d.review_reason,
              d.published_at, d.created_at, d.updated_at,
              (SELECT coalesce(json_agg(json_build_object(
                        'number', v.number, 'fileName', v.file_name, 'type', v.type, 'mime', v.mime,
                        'size', v.size, 'sha256', v.sha256, 'pages', v.pages, 'createdAt', v.created_at)
                      ORDER BY v.number), '[]')
                 FROM document_versions v WHERE v.document_id = d.id AND v.uploaded_by = $1) AS versions
         FROM documents d
        WHERE d.uploader_id = $1
           OR EXISTS (SELECT 1 FROM document_versions v WHERE v.document_id = d.id AND v.uploaded_by = $1)
        ORDER BY d.created_at`,
      [userId],
    );
  }

  uploadFiles(userId: string): Promise<UploadFile[]> {
    return this.dataSource.query<UploadFile[]>(
      `SELECT document_id, number, file_name, sha256 FROM document_versions
        WHERE uploaded_by = $1 ORDER BY created_at`,
      [userId],
    );
  }

  newsletters(userId: string): Promise<Row[]> {
    return this.dataSource.query<Row[]>(
      `SELECT id, title, summary, body, topics, public, status, publish_at, published_at,
              created_at, updated_at
         FROM newsletters WHERE author_id = $1 ORDER BY created_at`,
      [userId],
    );
  }

  /** Threads they wrote (signed in) or sent from their address; internal notes left out. */
  contactThreads(userId: string, email: string): Promise<Row[]> {
    return this.dataSource.query<Row[]>(
      `SELECT t.id, t.reference, t.status, t.category, t.subject, t.sender_name, t.sender_email,
              t.sender_organisation, host(t.sender_ip) AS sender_ip, t.created_at,
              (SELECT coalesce(json_agg(json_build_object(
                        'from', CASE WHEN m.author_kind = 'sender' THEN 'you' ELSE 'contact point' END,
                        'body', m.body, 'via', m.via, 'at', m.created_at) ORDER BY m.created_at), '[]')
                 FROM inbox_messages m WHERE m.thread_id = t.id AND NOT m.internal) AS messages
         FROM inbox_threads t
        WHERE t.user_id = $1 OR lower(t.sender_email) = lower($2)
        ORDER BY t.created_at`,
      [userId, email],
    );
  }

  notifications(userId: string): Promise<Row[]> {
    return this.dataSource.query<Row[]>(
      `SELECT id, type, data, created_at FROM notifications
        WHERE $1 = ANY(rooms) ORDER BY id`,
      [rooms.user(userId)],
    );
  }

  sessions(userId: string): Promise<Row[]> {
    return this.dataSource.query<Row[]>(
      `SELECT id, method, user_agent, ip, created_at, last_used_at, expires_at, revoked_at,
              revoked_reason
         FROM sessions WHERE user_id = $1 ORDER BY created_at`,
      [userId],
    );
  }

  /**
   * Audit entries by them or about them. What they did to another account keeps its action
   * and time but not its detail, which is that person's.
   */
  audit(userId: string): Promise<Row[]> {
    return this.dataSource.query<Row[]>(
      `SELECT id, at, action, target_type, target_id,
              actor_id = $1 AS by_you,
              CASE WHEN target_type = 'user' AND target_id IS DISTINCT FROM $1::text
                   THEN '{}'::jsonb ELSE detail END AS detail
         FROM audit_log
        WHERE actor_id = $1 OR (target_type = 'user' AND target_id = $1::text)
        ORDER BY id`,
      [userId],
    );
  }

  // --- erasure -------------------------------------------------------------------------

  async userExists(id: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM users WHERE id = $1`, [id]);
    return rows.length > 0;
  }

  async lockUser(m: EntityManager, id: string): Promise<ErasedUser | null> {
    const [row] = await m.query<ErasedUser[]>(
      `SELECT id, email, roles, status, erased_at FROM users WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row ?? null;
  }

  /** Approved admins other than `id`, locked, so two erasures cannot remove the last two. */
  async otherAdmins(m: EntityManager, id: string): Promise<number> {
    const rows = await m.query<{ id: string }[]>(
      `SELECT id FROM users
        WHERE 'admin' = ANY(roles) AND status = 'approved' AND id <> $1
        ORDER BY id FOR UPDATE`,
      [id],
    );
    return rows.length;
  }

  /** The files of the documents they uploaded, then the documents (versions go with them). */
  async deleteUploads(
    m: EntityManager,
    userId: string,
  ): Promise<{ ids: string[]; keys: string[] }> {
    const keys = await m.query<{ sha256: string }[]>(
      `SELECT v.sha256 FROM document_versions v JOIN documents d ON d.id = v.document_id
        WHERE d.uploader_id = $1`,
      [userId],
    );
    const docs = rowsOf<{ id: string }>(
      await m.query(`DELETE FROM documents WHERE uploader_id = $1 RETURNING id`, [userId]),
    );
    return { ids: docs.map((d) => d.id), keys: keys.map((k) => k.sha256) };
  }

  /** Ends and removes every session (refresh tokens go with them); answers their ids. */
  async deleteSessions(m: EntityManager, userId: string): Promise<string[]> {
    const rows = rowsOf<{ id: string }>(
      await m.query(`DELETE FROM sessions WHERE user_id = $1 RETURNING id`, [userId]),
    );
    return rows.map((r) => r.id);
  }

  /**
   * Erases the profile and every credential and subscription; what they contributed stays,
   * shown as by "Former member".
   */
  async eraseProfile(m: EntityManager, user: ErasedUser, unusableHash: string): Promise<void> {
    const id = user.id;
    await m.query(
      `UPDATE users SET
         email = $2, name = $3, organisation = '', sector = 'academia', country = 'ZZ',
         statement = '', title = NULL, level = NULL, expertise = '{}', bio = NULL, orcid = NULL,
         website = NULL, phone = NULL,
         visibility = '{"email": "hidden", "phone": "hidden", "website": "hidden"}',
         status = 'disabled', roles = '{}', rejection_reason = NULL,
         disabled_at = now(), erased_at = now(), email_verified_at = NULL,
         must_change_password = false, password_hash = $4,
         totp_secret = NULL, totp_confirmed_at = NULL, totp_last_step = NULL
       WHERE id = $1`,
      [id, erasedEmail(id), FORMER_MEMBER_NAME, unusableHash],
    );
    for (const table of [
      'passkeys',
      'mfa_recovery_codes',
      'account_tokens',
      'auth_challenges',
      'user_identities',
      'newsletter_subscriptions',
      'calendar_feeds',
    ]) {
      await m.query(`DELETE FROM ${table} WHERE user_id = $1`, [id]);
    }
    // Mail to them or about them that holds their address.
    await m.query(`DELETE FROM mail_outbox WHERE user_id = $1 OR to_address = $2`, [
      id,
      user.email,
    ]);
    // What they wrote to the contact point stays for its record, without who they were.
    await m.query(
      `UPDATE inbox_threads SET sender_name = $3, sender_email = $4, sender_organisation = NULL,
              sender_ip = NULL
        WHERE user_id = $1 OR lower(sender_email) = lower($2)`,
      [id, user.email, FORMER_MEMBER_NAME, erasedEmail(id)],
    );
    await m.query(
      `UPDATE inbox_messages m SET author_name = $2
        WHERE m.author_id = $1
           OR (m.author_kind = 'sender'
               AND m.thread_id IN (SELECT t.id FROM inbox_threads t WHERE t.user_id = $1))`,
      [id, FORMER_MEMBER_NAME],
    );
    // Their own notifications go; events about them to others keep no name.
    await m.query(`DELETE FROM notifications WHERE rooms = ARRAY[$1]::text[]`, [rooms.user(id)]);
    await m.query(
      `UPDATE notifications SET data = data || jsonb_build_object('name', $2::text)
        WHERE data->>'userId' = $1 AND data ? 'name'`,
      [id, FORMER_MEMBER_NAME],
    );
  }
}
