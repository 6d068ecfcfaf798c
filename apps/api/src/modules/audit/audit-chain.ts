import type { AuditVerifyResponse } from '@contracts';

/** Runs one parameterised statement and answers its rows (a pg client or a TypeORM manager). */
export type RowQuery = (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

const GENESIS = `decode(repeat('00', 32), 'hex')`;
const CANONICAL = (t: string) =>
  `audit_log_canonical(${t}.id, ${t}.at, ${t}.actor_id, ${t}.action, ${t}.target_type, ${t}.target_id, ${t}.detail)`;

/**
 * One pass over the log in id order: each entry's prev_hash must be the hash of the entry
 * before it (32 zero bytes for the first) and its hash must be sha256(prev_hash || canonical
 * encoding). A single statement, so it reads one snapshot, which always holds a whole prefix
 * of the chain (ids are drawn under the chain's lock).
 */
const SUMMARY = `
  SELECT count(*)::text AS checked, max(id)::text AS last_id,
         (min(id) FILTER (WHERE NOT ok))::text AS first_broken
    FROM (SELECT a.id,
                 coalesce(a.prev_hash = coalesce(lag(a.hash) OVER (ORDER BY a.id), ${GENESIS})
                          AND a.hash = sha256(a.prev_hash || ${CANONICAL('a')}), false) AS ok
            FROM audit_log a) c`;

const BREAK = `
  SELECT encode(b.prev_hash, 'hex') AS stored_prev, encode(b.hash, 'hex') AS stored_hash,
         encode(coalesce((SELECT p.hash FROM audit_log p WHERE p.id < b.id
                           ORDER BY p.id DESC LIMIT 1), ${GENESIS}), 'hex') AS expected_prev,
         encode(sha256(b.prev_hash || ${CANONICAL('b')}), 'hex') AS expected_hash
    FROM audit_log b WHERE b.id = $1`;

export async function verifyAuditChain(query: RowQuery): Promise<AuditVerifyResponse> {
  const verifiedAt = new Date().toISOString();
  const [summary] = await query(SUMMARY);
  const checked = Number(summary.checked);
  const lastId = (summary.last_id as string | null) ?? null;
  const firstBrokenId = (summary.first_broken as string | null) ?? null;
  let lastAt: string | null = null;
  let lastHash: string | null = null;
  if (lastId) {
    const [last] = await query(
      `SELECT at, encode(hash, 'hex') AS hash FROM audit_log WHERE id = $1`,
      [lastId],
    );
    lastAt = last ? new Date(last.at as string | Date).toISOString() : null;
    lastHash = last ? String(last.hash) : null;
  }
  let broken: AuditVerifyResponse['break'] = null;
  if (firstBrokenId) {
    const [row] = await query(BREAK, [firstBrokenId]);
    const prevWrong = row.stored_prev !== row.expected_prev;
    broken = {
      id: firstBrokenId,
      field: prevWrong ? 'prev_hash' : 'hash',
      expected: String(prevWrong ? row.expected_prev : row.expected_hash),
      stored: String(prevWrong ? row.stored_prev : row.stored_hash),
    };
  }
  return {
    ok: !firstBrokenId,
    checked,
    firstBrokenId,
    lastId,
    lastAt,
    lastHash,
    verifiedAt,
    break: broken,
  };
}
