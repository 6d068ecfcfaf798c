import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log becomes append-only and tamper-evident.
 *
 * - UPDATE, DELETE and TRUNCATE on `audit_log` are refused by triggers. A role that owns the
 *   table (or a superuser) can still disable them, so in production the application should
 *   connect as a role that does not own it (see the README).
 * - Every row carries `prev_hash` (the previous row's `hash`; 32 zero bytes for the first) and
 *   `hash` = sha256(prev_hash || canonical(row)), computed by a BEFORE INSERT trigger, so every
 *   insert path (TypeORM, raw SQL, a CTE) is chained. A statement-level trigger takes a
 *   transaction-level advisory lock before the statement draws its ids, so ids are handed out
 *   in the order rows are chained and the chain follows `id`.
 * - canonical(row) is the UTF-8 text of the JSON array
 *   [id as text, at as "YYYY-MM-DDTHH:MI:SS.ffffffZ" in UTC, actor_id, action, target_type,
 *   target_id, detail] as PostgreSQL's jsonb prints it (keys sorted, fixed spacing).
 * - Existing rows are chained here, in id order.
 */
export class AuditChain1796630000000 implements MigrationInterface {
  name = 'AuditChain1796630000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`LOCK TABLE "audit_log" IN EXCLUSIVE MODE`);
    await queryRunner.query(`ALTER TABLE "audit_log" ADD "prev_hash" bytea, ADD "hash" bytea`);
    await queryRunner.query(
      `CREATE FUNCTION audit_log_canonical(
         id bigint, at timestamptz, actor_id uuid, action text, target_type text,
         target_id text, detail jsonb) RETURNS bytea
       LANGUAGE sql STABLE PARALLEL SAFE AS $$
         SELECT convert_to(jsonb_build_array(
           id::text,
           to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           actor_id::text, action, target_type, target_id, detail)::text, 'UTF8')
       $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION audit_log_lock() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         PERFORM pg_advisory_xact_lock(418581342580);
         RETURN NULL;
       END $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE
         last_id bigint;
         last_hash bytea;
       BEGIN
         -- Only a READ COMMITTED statement sees the entry committed while it waited for the
         -- lock; an older snapshot would chain to a stale entry and fork the chain.
         IF current_setting('transaction_isolation') <> 'read committed' THEN
           RAISE EXCEPTION 'audit_log entries are written in READ COMMITTED transactions only'
             USING ERRCODE = 'object_not_in_prerequisite_state';
         END IF;
         PERFORM pg_advisory_xact_lock(418581342580);
         SELECT id, hash INTO last_id, last_hash FROM audit_log ORDER BY id DESC LIMIT 1;
         IF last_id IS NOT NULL AND NEW.id <= last_id THEN
           RAISE EXCEPTION 'audit_log entry % would come before entry %', NEW.id, last_id
             USING ERRCODE = 'check_violation';
         END IF;
         NEW.prev_hash := coalesce(last_hash, decode(repeat('00', 32), 'hex'));
         NEW.hash := sha256(NEW.prev_hash || audit_log_canonical(
           NEW.id, NEW.at, NEW.actor_id, NEW.action, NEW.target_type, NEW.target_id, NEW.detail));
         RETURN NEW;
       END $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
           USING ERRCODE = 'insufficient_privilege';
       END $$`,
    );
    // Chain what is already there, oldest first.
    await queryRunner.query(
      `DO $$
       DECLARE
         r record;
         prev bytea := decode(repeat('00', 32), 'hex');
       BEGIN
         FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
           UPDATE audit_log SET prev_hash = prev,
                  hash = sha256(prev || audit_log_canonical(
                    r.id, r.at, r.actor_id, r.action, r.target_type, r.target_id, r.detail))
            WHERE id = r.id
           RETURNING hash INTO prev;
         END LOOP;
       END $$`,
    );
    await queryRunner.query(
      `ALTER TABLE "audit_log" ALTER "prev_hash" SET NOT NULL, ALTER "hash" SET NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_log_lock BEFORE INSERT ON audit_log
         FOR EACH STATEMENT EXECUTE FUNCTION audit_log_lock()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
         FOR EACH ROW EXECUTE FUNCTION audit_log_chain()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
         FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
         FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`,
    );
    // Only the owner (and superusers) may still write otherwise; nobody else gets more.
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_log_no_truncate ON audit_log`);
    await queryRunner.query(`DROP TRIGGER audit_log_append_only ON audit_log`);
    await queryRunner.query(`DROP TRIGGER audit_log_chain ON audit_log`);
    await queryRunner.query(`DROP TRIGGER audit_log_lock ON audit_log`);
    await queryRunner.query(`DROP FUNCTION audit_log_refuse_change()`);
    await queryRunner.query(`DROP FUNCTION audit_log_chain()`);
    await queryRunner.query(`DROP FUNCTION audit_log_lock()`);
    await queryRunner.query(
      `DROP FUNCTION audit_log_canonical(bigint, timestamptz, uuid, text, text, text, jsonb)`,
    );
    await queryRunner.query(`ALTER TABLE "audit_log" DROP COLUMN "hash", DROP COLUMN "prev_hash"`);
  }
}
