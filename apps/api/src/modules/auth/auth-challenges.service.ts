import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { rowsOf } from '@api/database/query-result';
import { AuthChallengeEntity } from './mfa.entities';

const TOKEN =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;
const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

export interface Challenge<T> {
  id: string;
  userId: string | null;
  data: T;
}

/**
 * Short-lived single-use values of sign-in ceremonies (a pending second-factor step, a
 * WebAuthn challenge, an OpenID Connect state), in the database so that any instance can
 * finish what another began. A token is `<id>.<secret>`; only the secret's SHA-256 is kept,
 * and taking one deletes it, so it is good once.
 */
@Injectable()
export class AuthChallengesService {
  constructor(private readonly dataSource: DataSource) {}

  async create<T extends object>(
    purpose: string,
    userId: string | null,
    data: T,
    ttlMs: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<string> {
    const secret = randomBytes(32).toString('base64url');
    const row = await manager.save(
      manager.create(AuthChallengeEntity, {
        purpose,
        userId,
        data: { ...data, secretHash: sha256(secret) },
        expiresAt: new Date(Date.now() + ttlMs),
      }),
    );
    return `${row.id}.${secret}`;
  }

  /** Reads a live challenge without using it up (for counting wrong codes against it). */
  async peek<T>(purpose: string, token: unknown): Promise<Challenge<T> | null> {
    const parsed = typeof token === 'string' ? TOKEN.exec(token) : null;
    if (!parsed) return null;
    const row = await this.dataSource.getRepository(AuthChallengeEntity).findOne({
      where: { id: parsed[1], purpose },
    });
    if (!row || row.expiresAt.getTime() <= Date.now() || !this.matches(row, parsed[2])) {
      return null;
    }
    return { id: row.id, userId: row.userId, data: row.data as T };
  }

  /** Takes a live challenge: it is deleted in the same statement, so only one caller gets it. */
  async take<T>(
    purpose: string,
    token: unknown,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Challenge<T> | null> {
    const parsed = typeof token === 'string' ? TOKEN.exec(token) : null;
    if (!parsed) return null;
    const [row] = rowsOf<{ id: string; user_id: string | null; data: Record<string, unknown> }>(
      await manager.query(
        `DELETE FROM auth_challenges
          WHERE id = $1 AND purpose = $2 AND expires_at > now() AND data->>'secretHash' = $3
          RETURNING id, user_id, data`,
        [parsed[1], purpose, sha256(parsed[2])],
      ),
    );
    if (!row) return null;
    return { id: row.id, userId: row.user_id, data: row.data as T };
  }

  /** Changes what a live challenge holds (a wrong-code count). */
  async update(id: string, data: Record<string, unknown>): Promise<void> {
    await this.dataSource.query(
      `UPDATE auth_challenges SET data = data || $2::jsonb WHERE id = $1`,
      [id, JSON.stringify(data)],
    );
  }

  async remove(id: string): Promise<void> {
    await this.dataSource.query('DELETE FROM auth_challenges WHERE id = $1', [id]);
  }

  private matches(row: AuthChallengeEntity, secret: string): boolean {
    const stored = row.data.secretHash;
    const want = Buffer.from(typeof stored === 'string' ? stored : '');
    const got = Buffer.from(sha256(secret));
    return want.length === got.length && timingSafeEqual(want, got);
  }
}
