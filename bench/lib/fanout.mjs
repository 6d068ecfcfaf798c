// Realtime fan-out: synthetic members and their tokens, many Socket.IO clients, and rounds
// that time, per socket, the delivery of one event from the moment its trigger was sent.
import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { io } from 'socket.io-client';
import { sleep } from './proc.mjs';

export const APPLICANT_ORGANISATION = 'University of Leeds';
const applicantName = (i) => `Bench Applicant ${String(i).padStart(4, '0')}`;

/**
 * Inserts `members` approved members, each with a session, and `applicants` pending
 * applications, straight into the app's database. Returns their ids.
 */
export async function seed(databaseUrl, { members, applicants, tag }) {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    await c.query('BEGIN');
    const { rows: users } = await c.query(
      `INSERT INTO users (email, password_hash, name, organisation, sector, country, statement, status, roles, decided_at)
       SELECT 'bench-member-' || g || '-' || $2 || '@example.org', 'bench: no password', 'Bench Member ' || g,
              'Bench University', 'academia', 'GB', 'Synthetic member for the benchmark', 'approved', '{member}', now()
         FROM generate_series(1, $1::int) g
       RETURNING id`,
      [members, tag],
    );
    const { rows: sessions } = await c.query(
      `INSERT INTO sessions (user_id, user_agent)
       SELECT u, 'ocvrn-bench' FROM unnest($1::uuid[]) AS u
       RETURNING id, user_id`,
      [users.map((u) => u.id)],
    );
    const { rows: pending } = await c.query(
      `INSERT INTO users (email, password_hash, name, organisation, sector, country, statement, status, roles)
       SELECT 'bench-applicant-' || g || '-' || $2 || '@example.ac.uk', 'bench: no password',
              'Bench Applicant ' || lpad(g::text, 4, '0'), $3, 'academia', 'GB',
              'I research county lines drug markets and want to share findings.', 'pending', '{}'
         FROM generate_series(1, $1::int) g
       RETURNING id, name`,
      [applicants, tag, APPLICANT_ORGANISATION],
    );
    await c.query('COMMIT');
    return {
      members: sessions.map((s) => ({ userId: s.user_id, sessionId: s.id })),
      applicants: pending.map((p) => ({ id: p.id, name: p.name })),
    };
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await c.end();
  }
}

/** An access token exactly as the app's TokenService signs it. */
export function mintToken(secret, { userId, sessionId }, ttlSeconds = 3600) {
  return jwt.sign({ sid: sessionId }, secret, {
    subject: userId,
    audience: 'ocvrn',
    issuer: 'ocvrn',
    algorithm: 'HS256',
    expiresIn: ttlSeconds,
  });
}

/** The envelope the app sends for `member.approved`, for the bare server (same shape and size). */
export function bareEnvelope(seq, index) {
  return {
    id: String(1000 + seq),
    type: 'member.approved',
    at: new Date().toISOString(),
    data: {
      userId: randomUUID(),
      name: applicantName(index),
      organisation: APPLICANT_ORGANISATION,
      sector: 'academia',
      country: 'GB',
    },
  };
}

function connectOne(url, token, timeoutMs) {
  return new Promise((resolve, reject) => {
    const socket = io(url, {
      auth: token ? { token } : {},
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: timeoutMs,
    });
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error('connect timeout'));
    }, timeoutMs + 1000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      socket.close();
      reject(err);
    });
  });
}

/**
 * Opens `count` sockets to `url` (`tokens[i]` as auth when given), `concurrency` handshakes
 * in flight, stopping at `deadline` (performance.now() time). Returns the connected ones.
 */
export async function connectClients(
  url,
  { count, tokens, concurrency = 50, timeoutMs = 15_000, deadline },
) {
  const started = performance.now();
  const sockets = [];
  const failures = new Map();
  let next = 0;
  const worker = async () => {
    while (next < count && performance.now() < deadline) {
      const i = next++;
      try {
        sockets.push(await connectOne(url, tokens?.[i], timeoutMs));
      } catch (err) {
        failures.set(err.message, (failures.get(err.message) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { sockets, failures: Object.fromEntries(failures), ms: performance.now() - started };
}

/**
 * A set of connected sockets listening for `event`. `round()` sends one trigger and records,
 * per socket, the time from just before the trigger to the receipt of the event whose
 * `data.userId` is the round's key (the first receipt only; duplicates are counted).
 */
export class FanoutTarget {
  constructor(name, sockets, event) {
    this.name = name;
    this.sockets = sockets;
    this.n = sockets.length;
    this.current = null;
    this.stray = 0;
    this.disconnects = 0;
    this.payloadBytes = null;
    sockets.forEach((socket, i) => {
      socket.on(event, (envelope) => this.onEvent(i, envelope));
      socket.on('disconnect', () => this.disconnects++);
    });
  }

  onEvent(i, envelope) {
    const t = performance.now();
    const r = this.current;
    if (!r || envelope?.data?.userId !== r.key) {
      this.stray++;
      return;
    }
    if (r.got[i]) {
      r.duplicates++;
      return;
    }
    r.got[i] = 1;
    r.latency[i] = t - r.t0;
    if (r.count++ === 0 && this.payloadBytes === null) {
      this.payloadBytes = Buffer.byteLength(JSON.stringify(envelope));
    }
    if (r.count === this.n) r.resolve();
  }

  /** `trigger()` sends the write and resolves with the HTTP status. */
  async round(key, trigger, timeoutMs) {
    const r = {
      key,
      t0: 0,
      got: new Uint8Array(this.n),
      latency: new Float64Array(this.n),
      count: 0,
      duplicates: 0,
    };
    const all = new Promise((resolve) => (r.resolve = resolve));
    this.current = r;
    r.t0 = performance.now();
    let status = null;
    let error = null;
    let httpMs = NaN;
    try {
      status = await trigger();
      httpMs = performance.now() - r.t0;
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (err) {
      error = err.message;
    }
    if (!error) {
      let timer;
      await Promise.race([all, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
    }
    this.current = null;
    const latencies = [];
    for (let i = 0; i < this.n; i++) if (r.got[i]) latencies.push(r.latency[i]);
    let first = Infinity;
    let last = -Infinity;
    for (const v of latencies) {
      if (v < first) first = v;
      if (v > last) last = v;
    }
    return {
      key,
      status,
      error,
      httpMs,
      received: r.count,
      missing: this.n - r.count,
      duplicates: r.duplicates,
      firstMs: latencies.length ? first : NaN,
      lastMs: latencies.length ? last : NaN,
      latencies,
    };
  }

  async close() {
    for (const s of this.sockets) s.close();
    await sleep(50);
  }
}

/** POSTs and drains the answer; resolves with the status. */
export async function post(url, { headers = {}, body, timeoutMs = 10_000 } = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  await res.arrayBuffer();
  return res.status;
}
