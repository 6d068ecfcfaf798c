// The inbox step of `npm run bench`: the contact officers' list, GET /api/inbox/threads, over
// 100,000 threads seeded straight into the app's database, beside a bare node:http + pg server
// (bench/bare-inbox-server.mjs) running exactly the same SQL (the built inboxListSql(): the
// page and the count/average statements, in parallel), interleaved in blocks (ABBA):
//
//   a. Seeding: ~10 contact officers (one of them, the viewer, signs in through
//      POST /api/auth/login), then the threads and their 1–5 messages from a fixed-seed
//      generator (senders from scripts/seed-lib.mjs memberAt(), text from an organised-crime
//      research vocabulary), in batches of one SQL statement each: the threads with their
//      search vector computed in that statement by the expression of
//      InboxRepository.refreshSearch (subject and reference A, sender B, every message's body
//      in order C), and their messages. Statuses ~15 % new, 30 % open, 25 % waiting, 30 %
//      closed (older threads more often closed); six categories; ~40 % assigned among the
//      officers; created over two years; first_response_at at the first officer reply;
//      references OCR-YYYY-NNNNNN in order of creation, the counters set to match. A sample of
//      threads is then checked against refreshSearch's own statement, and VACUUM (ANALYZE).
//   b. A fixed mix of ~17 queries (all statuses oldest first, status and category filters,
//      assignee=me / none, q= words, prefixes, a name and a reference, sort=newest, second
//      pages by cursor), once on each server side by side (answers compared: total, average,
//      every item field, nextCursor), once each alone, then under load at a fixed concurrency
//      with keep-alive, blocks alternating until both reached the request count or either
//      spent its seconds; throughput, p50/p95/p99, per query, CPU per request.
//   c. EXPLAIN (ANALYZE, BUFFERS) of representative queries, both statements: plan nodes,
//      index or sequential scans, times, buffers.
//
// Nothing is asserted. Loopback only; everything the step starts is stopped and removed.
import { createHash } from 'node:crypto';
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { removeTempDir } from './lib/cleanup.mjs';
import { createDatabase, startPostgres } from './lib/embedded-pg.mjs';
import { cpuMsBetween, cpuMsOf, cpuTreeSnapshot, freePort } from './lib/proc.mjs';
import { appEnv, spawnNode, stopOnCleanup, waitForLine, waitHealthy } from './lib/server.mjs';
import { fmtMs, fmtS, fmtX, loadStats, median, percentile, sortedCopy } from './lib/stats.mjs';
import { hashSeedPassword, memberAt, mulberry32 } from '../scripts/seed-lib.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const BARE = join(BENCH_DIR, 'bare-inbox-server.mjs');
const SEED = 20111201;
const DAY = 86_400_000;
const int = (v) => (Number.isFinite(v) ? v.toLocaleString('en-GB') : 'n/a');
const mib = (bytes) => `${(Number(bytes) / 2 ** 20).toFixed(0)} MiB`;

// ---------------------------------------------------------------------------------------
// The generator: thread i depends only on SEED and i (and the hour the run starts).

function mix32(seed, i) {
  let h = (seed ^ Math.imul(i + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

class Rng {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  chance(p) {
    return this.next() < p;
  }
  int(min, max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick(list) {
    return list[Math.floor(this.next() * list.length)];
  }
  /** Earlier entries more often (a rough Zipf): index ~ n·u^skew. */
  skewed(list, skew = 1.8) {
    return list[Math.floor(this.next() ** skew * list.length)];
  }
  weighted(pairs) {
    let u = this.next() * pairs.reduce((a, [, w]) => a + w, 0);
    for (const [v, w] of pairs) if ((u -= w) < 0) return v;
    return pairs[pairs.length - 1][0];
  }
  /** Log-normal around `medianMs`, clamped. */
  delay(medianMs, sigma, minMs, maxMs) {
    const z = Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
    return Math.min(maxMs, Math.max(minMs, medianMs * Math.exp(sigma * z)));
  }
  uuid() {
    const hex = () => (this.next() * 2 ** 32) >>> 0;
    const h = [hex(), hex(), hex(), hex()].map((x) => x.toString(16).padStart(8, '0')).join('');
    const y = '89ab'[parseInt(h[16], 16) & 3];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${y}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

const TOPICS = [
  'money laundering',
  'human trafficking',
  'drug markets',
  'county lines',
  'cocaine trafficking',
  'migrant smuggling',
  'cybercrime',
  'organised fraud',
  'modern slavery',
  'firearms trafficking',
  'corruption of officials',
  'asset recovery',
  'extortion and protection rackets',
  'cannabis cultivation',
  'synthetic drugs',
  'trade-based money laundering',
  'cryptocurrency laundering',
  'wildlife trafficking',
  'illicit tobacco',
  'mafia infiltration of public procurement',
  'gang violence',
  'environmental crime',
  'counterfeit medicines',
  'cargo theft at ports',
  'sanctions evasion',
  'ransomware groups',
  'online child sexual exploitation',
  'labour exploitation',
  'heroin routes',
  'loan sharking',
  'art and antiquities trafficking',
  'match fixing',
  'waste trafficking',
  'identity fraud',
  'prison gangs',
];
const PLACES = [
  'the United Kingdom',
  'the Netherlands',
  'Italy',
  'Spain',
  'Colombia',
  'Mexico',
  'Brazil',
  'Nigeria',
  'South Africa',
  'the Western Balkans',
  'Germany',
  'France',
  'Albania',
  'Türkiye',
  'Medellín',
  'Bogotá',
  'São Paulo',
  'Rotterdam',
  'Antwerp',
  'Naples',
  'Palermo',
  'Marseille',
  'Kraków',
  'Malmö',
  'Göteborg',
  'Zürich',
  'Liverpool',
  'Glasgow',
  'Manchester',
  'Lagos',
  'Cape Town',
  'Sinaloa',
  'Ciudad Juárez',
  'the Sahel',
  'West Africa',
  'the Golden Triangle',
  'the Balkan route',
  'Dubai',
  'Hong Kong',
  'Ukraine',
];
const ORGS = [
  'Europol',
  'INTERPOL',
  'UNODC',
  'the National Crime Agency',
  'Eurojust',
  'Frontex',
  'the FATF',
  'the Global Initiative',
  'RUSI',
  'Guardia di Finanza',
  'the DEA',
  'Police Scotland',
  'the Metropolitan Police',
  'Transparency International',
  'the OSCE',
  'the Council of Europe',
  'Crimestoppers',
  'Bundeskriminalamt',
  'the Home Office',
  'the University of Leeds',
];
const METHODS = [
  'survey',
  'interviews',
  'case file analysis',
  'network analysis',
  'longitudinal study',
  'systematic review',
  'ethnographic fieldwork',
  'court records',
  'financial investigation data',
  'open-source intelligence',
  'dataset',
  'comparative study',
];
const ACTORS = [
  'investigators',
  'prosecutors',
  'victims',
  'offenders',
  'frontline officers',
  'bank compliance staff',
  'border officials',
  'social workers',
  'journalists',
  'former gang members',
];
const EVENTS = [
  'annual conference',
  'spring workshop',
  'methods seminar',
  'early career day',
  'policy roundtable',
  'summer school',
  'webinar series',
];
const OFFICERS = [
  'Ruth Okafor',
  'Tomasz Wiśniewski',
  'Helen Marsh',
  'Ibrahim Haddad',
  'Claire Dubois',
  'Niamh Byrne',
  'Marco Bellini',
  'Priya Raman',
  'Jonas Lindqvist',
  'Sofía Herrera',
];
/** Share of the assigned threads each officer carries (the viewer is the first). */
const OFFICER_LOAD = [0.2, 0.15, 0.13, 0.11, 0.1, 0.09, 0.08, 0.06, 0.05, 0.03];

const CATEGORY_WEIGHTS = [
  ['general', 30],
  ['research_findings', 20],
  ['join', 20],
  ['events', 12],
  ['newsletter', 8],
  ['other', 10],
];
const STATUS_SHARE = { new: 0.15, open: 0.3, waiting: 0.25, closed: 0.3 };
/** Tilt by age (0 newest … 1 oldest): Σ share·tilt = 0, so the shares hold overall. */
const STATUS_TILT = { new: -1.2, open: -0.6, waiting: 0, closed: 1.2 };
const ASSIGNED = { new: 0, open: 0.55, waiting: 0.55, closed: 0.4 };
const REPLIED = { new: 0, open: 0.35, waiting: 1, closed: 0.85 };
const SENDERS = 40_000;

const fill = (r, text, ctx) =>
  text.replace(/\{(\w+)\}/g, (_, k) => {
    switch (k) {
      case 'topic':
        return ctx.topic;
      case 'topic2':
        return r.skewed(TOPICS, 1.4);
      case 'place':
        return ctx.place;
      case 'place2':
        return r.pick(PLACES);
      case 'org':
        return r.skewed(ORGS, 1.3);
      case 'method':
        return r.pick(METHODS);
      case 'actors':
        return r.pick(ACTORS);
      case 'event':
        return ctx.event;
      case 'n':
        return String(r.int(6, 400));
      case 'year':
        return String(r.int(2008, 2024));
      case 'person':
        return memberAt(r.int(0, SENDERS - 1), SEED + 1).name;
      case 'first':
        return ctx.first;
      case 'officer':
        return ctx.officer;
      case 'officer2':
        return r.pick(OFFICERS);
      case 'org2':
        return ctx.organisation ?? 'our team';
      default:
        return k;
    }
  });

const SUBJECTS = {
  research_findings: [
    'New findings on {topic} in {place}',
    'Report: {topic} and {topic2}',
    'Our {method} of {topic}',
    'Sharing a working paper on {topic}',
    'Data on {topic} in {place}, {year}–2024',
  ],
  join: [
    'Membership application',
    'Joining the network: research on {topic}',
    'Request to join ({org2})',
    'Interested in membership',
  ],
  events: [
    'Question about the {event}',
    'Registration for the {event}',
    'Proposal for a panel on {topic} at the {event}',
    'Seminar on {topic} in {place}',
  ],
  newsletter: [
    'Newsletter subscription',
    'Please unsubscribe me',
    'Item for the newsletter: {topic}',
    'Newsletter: call for papers on {topic}',
  ],
  general: [
    'Question about {topic}',
    'Looking for an expert on {topic} in {place}',
    'Media enquiry: {topic}',
    'Collaboration on {topic}',
    'Request for contacts at {org}',
  ],
  other: [
    'Website problem',
    'Cannot sign in',
    'Data protection request',
    'Feedback on the member directory',
    'Invoice {n}',
  ],
};
const OPENINGS = {
  research_findings: [
    'I would like to share the findings of our {method} on {topic} in {place}.',
    'Please find a summary of our recent work on {topic}.',
    'We have just finished a {method} of {topic} and {topic2}.',
  ],
  join: [
    'I work at {org2} on {topic} and would like to join the network.',
    'I am a researcher looking at {topic} in {place} and would like to apply for membership.',
    'Our unit investigates {topic}; could I and two colleagues become members?',
  ],
  events: [
    'Is there still space at the {event}?',
    'I would like to present our work on {topic} at the {event}.',
    'Could you tell me whether the {event} will be recorded?',
  ],
  newsletter: [
    'Please add me to the newsletter.',
    'Please remove this address from the newsletter list.',
    'We would like to announce our new report on {topic} in the newsletter.',
  ],
  general: [
    'Could you put me in touch with someone who works on {topic} in {place}?',
    'I am writing about {topic} and would value the view of a member.',
    'We are preparing a programme on {topic} and are looking for contacts.',
  ],
  other: [
    'The password reset link does not work for me.',
    'I would like to know which data the network holds about me.',
    'The directory page shows an error when I search for {topic}.',
  ],
};
const SENTENCES = [
  'We interviewed {n} {actors} about {topic} in {place2}.',
  'Our {method} suggests that {topic2} has grown since {year}.',
  'The data come from case files of {org} between {year} and 2024.',
  'We found links between {topic} and {topic2} along routes through {place2}.',
  '{person} from {org} suggested I contact you.',
  'We are preparing a report on {topic2} for {org}.',
  'The {method} covers {n} cases prosecuted in {place2}.',
  'Is there a member who has looked at {topic2} in {place2}?',
  'Our team is mapping {actors} involved in {topic}.',
  'Please let me know whether this could be shared with members.',
  'I attach a short summary; the full text is under review.',
  'Many thanks in advance for your help.',
  'The estimates rely on seizures reported by {org} since {year}.',
  'Local {actors} describe a shift from {topic} to {topic2}.',
  'Happy to talk by phone if that is easier.',
];
const REPLIES = [
  'Thank you for getting in touch about {topic}.',
  'I have passed your message to colleagues working on {topic}.',
  'Could you send us a short abstract, about 200 words?',
  'Your application is with the membership committee, which meets on the first Monday of each month.',
  'Registration for the {event} is open on the events page.',
  'We will include your item in the next newsletter.',
  '{person} at {org} may be able to help; I have copied them in.',
  'The directory lists several members working on {topic2} in {place2}.',
  'I have reset your account; please try signing in again.',
  'We have removed your address from the list.',
];
const NOTES = [
  'Forwarded to {officer2} ({topic}).',
  'Possible duplicate of an earlier message from this sender.',
  'Checked the sender: works at {org2}.',
  'Waiting for the committee.',
  'Asked {officer2} whether {org} can share data on {topic}.',
  'Looks like spam, left open for now.',
];
const CLOSINGS = ['Best wishes,', 'Kind regards,', 'Many thanks,', 'Regards,', 'With thanks,'];

/** The cheap part of thread i: when, what, who; its text is made later from `seed`. */
function threadMeta(i, anchorMs, officerIds) {
  const r = new Rng(mix32(SEED, i));
  const age = r.next(); // 0 newest … 1 oldest
  const createdMs = anchorMs - 30 * 60_000 - Math.floor(age * 730 * DAY) - r.int(0, 59_999);
  const status = r.weighted(
    Object.entries(STATUS_SHARE).map(([s, p]) => [s, p * (1 + STATUS_TILT[s] * (age - 0.5))]),
  );
  const category = r.weighted(CATEGORY_WEIGHTS);
  const assigned = r.chance(ASSIGNED[status]);
  const assigneeId = assigned ? officerIds[r.weighted(OFFICER_LOAD.map((w, k) => [k, w]))] : null;
  return {
    i,
    id: r.uuid(),
    seed: (r.next() * 2 ** 32) >>> 0,
    createdMs,
    status,
    category,
    assigneeId,
    sender: Math.floor(r.next() ** 1.6 * SENDERS),
  };
}

/** The whole thread: subject, sender, messages with their times, the derived columns. */
function threadFull(meta, anchorMs, officers) {
  const r = new Rng(meta.seed);
  const m = memberAt(meta.sender, SEED);
  const publicSender = meta.category === 'join' ? false : r.chance(0.35);
  const organisation = publicSender ? null : m.organisation;
  const ctx = {
    topic: r.skewed(TOPICS, 1.6),
    place: r.pick(PLACES),
    event: r.pick(EVENTS),
    first: m.name.split(' ')[0],
    organisation,
    officer: null,
  };
  const subject = fill(r, r.pick(SUBJECTS[meta.category]), ctx);
  const via = r.chance(0.3) ? 'email' : 'web';

  // Who writes: S sender, R officer reply, N internal note.
  const count = {
    new: () =>
      r.weighted([
        [1, 75],
        [2, 20],
        [3, 5],
      ]),
    open: () =>
      r.weighted([
        [1, 30],
        [2, 25],
        [3, 25],
        [4, 12],
        [5, 8],
      ]),
    waiting: () =>
      r.weighted([
        [2, 45],
        [3, 25],
        [4, 18],
        [5, 12],
      ]),
    closed: () =>
      r.weighted([
        [1, 15],
        [2, 35],
        [3, 25],
        [4, 15],
        [5, 10],
      ]),
  }[meta.status]();
  const replied = r.chance(REPLIED[meta.status]);
  const kinds = ['S'];
  for (let k = 1; k < count; k++) {
    if (!replied) kinds.push(meta.status !== 'new' && r.chance(0.35) ? 'N' : 'S');
    else if (k === 1) kinds.push('R');
    else kinds.push(kinds[k - 1] === 'S' ? (r.chance(0.15) ? 'N' : 'R') : 'S');
  }
  if (replied && kinds.length === 1) kinds.push('R');
  if (meta.status === 'waiting' && kinds[kinds.length - 1] !== 'R') kinds.push('R');
  if (meta.status === 'open' && replied && kinds[kinds.length - 1] !== 'S') kinds.push('S');
  if (kinds.length > 5) kinds.splice(1, kinds.length - 5); // keeps the ending

  // Times: the first reply after hours (log-normal), others after about a day; a thread
  // too recent for its gaps has them squeezed before the anchor.
  const offsets = [r.int(5, 400)];
  for (let k = 1; k < kinds.length; k++) {
    const firstReply = kinds[k] === 'R' && !kinds.slice(1, k).includes('R');
    const gap = firstReply
      ? r.delay(6 * 3_600_000, 1.2, 5 * 60_000, 14 * DAY)
      : r.delay(DAY, 1.1, 2 * 60_000, 20 * DAY);
    offsets.push(offsets[k - 1] + Math.round(gap));
  }
  const room = anchorMs - 60_000 - meta.createdMs;
  const last = offsets[offsets.length - 1];
  if (last > room) {
    for (let k = 1; k < offsets.length; k++)
      offsets[k] = Math.max(offsets[k - 1] + 1, Math.floor((offsets[k] / last) * room));
  }

  const officerFor = () => meta.assigneeId ?? officers[r.int(0, officers.length - 1)].id;
  const officerName = (id) => officers.find((o) => o.id === id).name;
  const domain = 'ocvrn.example.org';
  const messages = kinds.map((kind, k) => {
    const at = new Date(meta.createdMs + offsets[k]);
    if (kind === 'S') {
      const parts = [];
      if (k === 0) {
        parts.push(r.chance(0.6) ? `Dear OCVRN team,` : `Hello,`);
        parts.push(fill(r, r.pick(OPENINGS[meta.category]), ctx));
        const n = r.int(1, 4);
        for (let s = 0; s < n; s++) parts.push(fill(r, r.pick(SENTENCES), ctx));
      } else {
        parts.push(r.pick(['Thank you.', 'Thanks for your reply.', 'A quick follow-up:']));
        const n = r.int(1, 2);
        for (let s = 0; s < n; s++) parts.push(fill(r, r.pick(SENTENCES), ctx));
      }
      parts.push(`${r.pick(CLOSINGS)} ${m.name}${organisation ? `, ${organisation}` : ''}`);
      return {
        kind: 'sender',
        authorId: null,
        authorName: m.name,
        body: parts.join(via === 'email' ? '\n\n' : ' '),
        internal: false,
        via: k === 0 ? via : r.chance(0.5) ? 'email' : 'web',
        emailMessageId: `<${r.uuid()}@${k === 0 && via === 'web' ? domain : 'mail.example.org'}>`,
        at,
      };
    }
    const officerId = officerFor();
    ctx.officer = officerName(officerId);
    if (kind === 'R') {
      const n = r.int(1, 3);
      const parts = [`Dear ${ctx.first},`];
      for (let s = 0; s < n; s++) parts.push(fill(r, r.pick(REPLIES), ctx));
      parts.push(`${r.pick(CLOSINGS)} ${ctx.officer}, OCVRN contact point`);
      return {
        kind: 'officer',
        authorId: officerId,
        authorName: ctx.officer,
        body: parts.join('\n\n'),
        internal: false,
        via: 'web',
        emailMessageId: `<${r.uuid()}@${domain}>`,
        at,
      };
    }
    return {
      kind: 'officer',
      authorId: officerId,
      authorName: ctx.officer,
      body: fill(r, r.pick(NOTES), ctx),
      internal: true,
      via: 'web',
      emailMessageId: null,
      at,
    };
  });
  const firstReply = messages.find((x) => x.kind === 'officer' && !x.internal);
  const lastAt = messages[messages.length - 1].at;
  const updatedMs = Math.min(
    anchorMs - 1000,
    lastAt.getTime() +
      (meta.status === 'closed' ? Math.round(r.delay(DAY, 1, 60_000, 10 * DAY)) : 0),
  );
  return {
    id: meta.id,
    reference: meta.reference,
    status: meta.status,
    category: meta.category,
    subject,
    senderName: m.name,
    senderEmail: m.email.toLowerCase(),
    senderOrganisation: organisation,
    senderIp: via === 'web' ? `203.0.113.${r.int(1, 254)}` : null,
    tokenHash: createHash('sha256').update(`ocvrn-bench-inbox-${meta.i}`).digest('hex'),
    assigneeId: meta.assigneeId,
    messageCount: messages.length,
    lastMessageAt: lastAt,
    firstResponseAt: firstReply ? firstReply.at : null,
    createdAt: new Date(meta.createdMs),
    updatedAt: new Date(Math.max(updatedMs, lastAt.getTime())),
    messages,
  };
}

/**
 * One batch, one statement: the threads with their search vector (InboxRepository.
 * refreshSearch's expression, the bodies aggregated in message order), and their messages.
 */
const INSERT_BATCH = `
WITH th AS (
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                       $7::text[], $8::text[], $9::inet[], $10::text[], $11::uuid[], $12::int[],
                       $13::timestamptz[], $14::timestamptz[], $15::timestamptz[], $16::timestamptz[])
    AS x(id, reference, status, category, subject, sender_name, sender_email, sender_organisation,
         sender_ip, token_hash, assignee_id, message_count, last_message_at, first_response_at,
         created_at, updated_at)
), msg AS (
  SELECT * FROM unnest($17::uuid[], $18::text[], $19::uuid[], $20::text[], $21::text[],
                       $22::boolean[], $23::text[], $24::text[], $25::timestamptz[])
    AS m(thread_id, author_kind, author_id, author_name, body, internal, via, email_message_id,
         created_at)
), bodies AS (
  SELECT thread_id, string_agg(body, ' ' ORDER BY created_at) AS text FROM msg GROUP BY thread_id
), threads AS (
  INSERT INTO inbox_threads (id, reference, status, category, subject, sender_name, sender_email,
         sender_organisation, sender_ip, token_hash, assignee_id, message_count, last_message_at,
         first_response_at, created_at, updated_at, search_vector)
  SELECT x.id, x.reference, x.status, x.category, x.subject, x.sender_name, x.sender_email,
         x.sender_organisation, x.sender_ip, x.token_hash, x.assignee_id, x.message_count,
         x.last_message_at, x.first_response_at, x.created_at, x.updated_at,
         setweight(to_tsvector('simple', ocvrn_unaccent(x.subject || ' ' || x.reference)), 'A')
         || setweight(to_tsvector('simple', ocvrn_unaccent(x.sender_name || ' ' || x.sender_email
              || ' ' || coalesce(x.sender_organisation, ''))), 'B')
         || setweight(to_tsvector('simple', ocvrn_unaccent(left(coalesce(b.text, ''), 200000))), 'C')
    FROM th x LEFT JOIN bodies b ON b.thread_id = x.id
  RETURNING 1
)
INSERT INTO inbox_messages (thread_id, author_kind, author_id, author_name, body, internal, via,
       email_message_id, created_at)
SELECT thread_id, author_kind, author_id, author_name, body, internal, via, email_message_id,
       created_at FROM msg`;

/** InboxRepository.refreshSearch's expression, for thread t (to check the seeded vectors). */
const REFRESH_EXPRESSION = `
  setweight(to_tsvector('simple', ocvrn_unaccent(t.subject || ' ' || t.reference)), 'A')
  || setweight(to_tsvector('simple', ocvrn_unaccent(t.sender_name || ' ' || t.sender_email
       || ' ' || coalesce(t.sender_organisation, ''))), 'B')
  || setweight(to_tsvector('simple', ocvrn_unaccent(left(coalesce(
       (SELECT string_agg(body, ' ' ORDER BY created_at) FROM inbox_messages
         WHERE thread_id = t.id), ''), 200000))), 'C')`;

async function insertBatch(pool, threads) {
  const cols = Array.from({ length: 25 }, () => []);
  for (const t of threads) {
    const v = [
      t.id,
      t.reference,
      t.status,
      t.category,
      t.subject,
      t.senderName,
      t.senderEmail,
      t.senderOrganisation,
      t.senderIp,
      t.tokenHash,
      t.assigneeId,
      t.messageCount,
      t.lastMessageAt,
      t.firstResponseAt,
      t.createdAt,
      t.updatedAt,
    ];
    for (let k = 0; k < v.length; k++) cols[k].push(v[k]);
    for (const m of t.messages) {
      const w = [
        t.id,
        m.kind,
        m.authorId,
        m.authorName,
        m.body,
        m.internal,
        m.via,
        m.emailMessageId,
        m.at,
      ];
      for (let k = 0; k < w.length; k++) cols[16 + k].push(w[k]);
    }
  }
  const res = await pool.query(INSERT_BATCH, cols);
  return { messages: res.rowCount, bodyChars: cols[20].reduce((a, b) => a + b.length, 0) };
}

/** Officers, then every thread in batches; returns what was made and how long it took. */
async function seedInbox(pool, { count, passwordHash, anchorMs, deadline, onProgress }) {
  const officers = [];
  for (let k = 0; k < OFFICERS.length; k++) {
    const name = OFFICERS[k];
    const email = `officer${k + 1}.${process.pid}@ocvrn.example.org`;
    const { rows } = await pool.query(
      `INSERT INTO users (email, password_hash, name, organisation, sector, country, statement,
                          status, roles, decided_at)
       VALUES ($1, $2, $3, 'OCVRN', 'academia', 'GB', 'Contact officer (bench)', 'approved',
               '{member,contact_officer}', now())
       RETURNING id`,
      [email, passwordHash, name],
    );
    officers.push({ id: rows[0].id, name, email });
  }
  const officerIds = officers.map((o) => o.id);

  // Metadata for all, ordered by creation, then references numbered per year in that order.
  const metas = Array.from({ length: count }, (_, i) => threadMeta(i, anchorMs, officerIds));
  metas.sort((a, b) => a.createdMs - b.createdMs || (a.id < b.id ? -1 : 1));
  const counters = new Map();
  for (const m of metas) {
    const year = new Date(m.createdMs).getUTCFullYear();
    const n = (counters.get(year) ?? 0) + 1;
    counters.set(year, n);
    m.reference = `OCR-${year}-${String(n).padStart(6, '0')}`;
  }

  const BATCH = 1000;
  let inserted = 0;
  let messages = 0;
  let bodyChars = 0;
  let stoppedEarly = false;
  // Shuffled batch order would be closer to a live table; creation order is how it fills.
  for (let start = 0; start < metas.length; start += BATCH) {
    if (performance.now() > deadline) {
      stoppedEarly = true;
      break;
    }
    const batch = metas.slice(start, start + BATCH).map((m) => threadFull(m, anchorMs, officers));
    const r = await insertBatch(pool, batch);
    inserted += batch.length;
    messages += r.messages;
    bodyChars += r.bodyChars;
    onProgress?.(inserted);
  }
  const kept = metas.slice(0, inserted);
  for (const [year] of counters) {
    const last = kept.filter((m) => m.reference.startsWith(`OCR-${year}-`)).length;
    if (last)
      await pool.query(
        `INSERT INTO inbox_reference_counters (year, last) VALUES ($1, $2)
         ON CONFLICT (year) DO UPDATE SET last = EXCLUDED.last`,
        [year, last],
      );
  }
  return { officers, metas: kept, inserted, messages, bodyChars, stoppedEarly };
}

// ---------------------------------------------------------------------------------------
// The query mix

function inboxMix(metas, officers) {
  const qs = (o) => {
    const sp = new URLSearchParams();
    for (const [k, v] of Object.entries(o)) for (const x of [].concat(v)) sp.append(k, x);
    return sp.toString();
  };
  const reference = metas[Math.floor(metas.length * 0.37)].reference;
  const entries = [
    ['default: all statuses, oldest first', {}],
    ['status=new&status=open', { status: ['new', 'open'] }],
    ['status=waiting, newest first', { status: 'waiting', sort: 'newest' }],
    ['category=research_findings', { category: 'research_findings' }],
    ['category=join,events + status=open', { category: 'join,events', status: 'open' }],
    ['assignee=me', { assignee: 'me' }],
    ['assignee=me + status=open,waiting', { assignee: 'me', status: ['open', 'waiting'] }],
    ['assignee=none + status=new,open', { assignee: 'none', status: ['new', 'open'] }],
    [`assignee=<officer 4>`, { assignee: officers[3].id }],
    ['q=laundering', { q: 'laundering' }],
    ['q=traff (prefix)', { q: 'traff' }],
    ['q=europol + status=closed', { q: 'europol', status: 'closed' }],
    ['q=müller (sender name, accent)', { q: 'müller' }],
    ['q="county lines"', { q: 'county lines' }],
    ['q=<reference>', { q: reference }],
    ['sort=newest', { sort: 'newest' }],
  ].map(([label, o], id) => ({ id, label, query: qs(o) }));
  for (const label of ['default: all statuses, oldest first', 'status=new&status=open']) {
    entries.push({
      id: entries.length,
      label: `${label}, page 2`,
      query: null, // the first page's query and the app's nextCursor, set at warm-up
      pageOf: entries.find((e) => e.label === label),
    });
  }
  return entries;
}

/** Labels of the queries EXPLAINed (the first three are the representative ones). */
const EXPLAINED = [
  'default: all statuses, oldest first',
  'assignee=me + status=open,waiting',
  'q=laundering',
  'status=new&status=open',
  'category=research_findings',
  'q=traff (prefix)',
];

// ---------------------------------------------------------------------------------------
// HTTP

function httpGet(agent, base, path, headers, { parse = false, timeoutMs = 30_000 } = {}) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.get(`${base}${path}`, { agent, headers, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (c) => parse && chunks.push(c));
      res.on('end', () => {
        const ms = performance.now() - t0;
        let body = null;
        if (parse) {
          try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            body = null;
          }
        }
        resolve({ status: res.statusCode, ms, body });
      });
      res.on('error', (err) =>
        resolve({ status: 0, ms: performance.now() - t0, error: err.message }),
      );
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) =>
      resolve({ status: 0, ms: performance.now() - t0, error: err.message }),
    );
  });
}

async function jsonPost(url, body) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, json: await res.json().catch(() => null) };
}

/** Up to `n` requests of the mix from `offset` at `concurrency`, none started after `maxMs`. */
async function loadBlock(target, mix, offset, n, concurrency, maxMs) {
  let next = 0;
  const samples = [];
  const t0 = performance.now();
  const worker = async () => {
    while (next < n && performance.now() - t0 < maxMs) {
      const i = next++;
      const entry = mix[(offset + i) % mix.length];
      const r = await httpGet(target.agent, target.base, target.path(entry), target.headers);
      samples.push({
        entry: entry.id,
        ms: r.ms,
        ok: r.status === 200,
        status: r.status,
        error: r.error,
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return { ms: performance.now() - t0, samples };
}

function sameAnswer(a, b) {
  if (!a || !b) return 'no answer';
  if (a.total !== b.total) return `total ${a.total} vs ${b.total}`;
  if (a.averageFirstResponseSeconds !== b.averageFirstResponseSeconds)
    return `average ${a.averageFirstResponseSeconds} vs ${b.averageFirstResponseSeconds}`;
  const ids = (x) => (x.items ?? []).map((i) => i.id).join(',');
  if (ids(a) !== ids(b)) return 'different items';
  if (JSON.stringify(a.items) !== JSON.stringify(b.items)) return 'different item fields';
  if (a.nextCursor !== b.nextCursor) return 'different nextCursor';
  return null;
}

// ---------------------------------------------------------------------------------------
// EXPLAIN

function planNodes(plan, depth = 0, out = []) {
  out.push({ node: plan, depth });
  for (const child of plan.Plans ?? []) planNodes(child, depth + 1, out);
  return out;
}

function explainSummary(result) {
  const nodes = planNodes(result.Plan);
  const rowsOf = (n) => Math.round((n['Actual Rows'] ?? 0) * (n['Actual Loops'] ?? 1));
  const seqScans = nodes
    .filter(({ node: n }) => n['Node Type'] === 'Seq Scan')
    .map(({ node: n }) => ({
      relation: n['Relation Name'],
      parallel: !!n['Parallel Aware'],
      rowsOut: rowsOf(n),
      rowsRemovedByFilter: Math.round(
        (n['Rows Removed by Filter'] ?? 0) * (n['Actual Loops'] ?? 1),
      ),
      filter: n.Filter ?? null,
    }));
  const indexes = [
    ...new Set(
      nodes
        .filter(({ node: n }) => n['Index Name'])
        .map(({ node: n }) => `${n['Node Type']} ${n['Index Name']}`),
    ),
  ];
  const sort = nodes.find(({ node: n }) => n['Node Type'] === 'Sort')?.node;
  const lines = nodes.map(({ node: n, depth }) => {
    const what = [
      n['Node Type'],
      n['Relation Name'] ? `on ${n['Relation Name']}` : '',
      n['Index Name'] ? `using ${n['Index Name']}` : '',
      n['Sort Method'] ? `(${n['Sort Method']})` : '',
    ]
      .filter(Boolean)
      .join(' ');
    const removed = n['Rows Removed by Filter']
      ? `, ${Math.round(n['Rows Removed by Filter'] * (n['Actual Loops'] ?? 1))} filtered out`
      : '';
    const recheck = n['Rows Removed by Index Recheck']
      ? `, ${n['Rows Removed by Index Recheck']} rechecked out`
      : '';
    const heap =
      n['Exact Heap Blocks'] !== undefined
        ? `, heap blocks ${n['Exact Heap Blocks']}${n['Lossy Heap Blocks'] ? ` (+${n['Lossy Heap Blocks']} lossy)` : ''}`
        : '';
    const workers = n['Workers Launched'] ? `, ${n['Workers Launched']} workers` : '';
    return `${'  '.repeat(depth)}${what} (rows ${rowsOf(n)}, ${Number(n['Actual Total Time'] ?? 0).toFixed(2)} ms${removed}${recheck}${heap}${workers})`;
  });
  return {
    executionMs: result['Execution Time'],
    planningMs: result['Planning Time'],
    seqScans,
    seqScanOnThreads: seqScans.some((s) => s.relation === 'inbox_threads'),
    indexes,
    sort: sort ? { method: sort['Sort Method'], keys: sort['Sort Key'] } : null,
    sharedHitBlocks: result.Plan['Shared Hit Blocks'],
    sharedReadBlocks: result.Plan['Shared Read Blocks'],
    lines,
  };
}

async function explainAll(dbUrl, mix, actorId, sql, filterFromQuery) {
  const client = new pg.Client({
    connectionString: dbUrl,
    application_name: 'ocvrn-bench-explain',
  });
  await client.connect();
  const out = [];
  try {
    for (const label of EXPLAINED) {
      const entry = mix.find((e) => e.label === label);
      if (!entry || entry.query == null) continue;
      const { filter, after } = filterFromQuery(new URLSearchParams(entry.query));
      const plan = sql.inboxListSql(filter, actorId, after);
      if (!plan) continue;
      const parts = [];
      for (const [part, text, values] of [
        ['page', plan.page, plan.pageParams],
        ['count + average', plan.count, plan.countParams],
      ]) {
        const q = `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`;
        await client.query(q, values); // once to warm, then the measured one
        const { rows } = await client.query(q, values);
        parts.push({ part, ...explainSummary(rows[0]['QUERY PLAN'][0]) });
      }
      out.push({ label, query: entry.query, parts });
    }
  } finally {
    await client.end().catch(() => undefined);
  }
  return out;
}

/**
 * What-if, on the bench's own database after the load (never the app's schema or code): the
 * same statements with the sort key made after the LIMIT, with the average in float8 rather
 * than numeric, and with one candidate index; execution ms of each (EXPLAIN ANALYZE, the second
 * of one run, the data warm after the load), and whether it scanned inbox_threads sequentially.
 */
const WHATIF_INDEX = `CREATE INDEX inbox_threads_bench_created_idx ON inbox_threads (created_at, id)`;
const WHATIF_QUERIES = [
  'default: all statuses, oldest first',
  'default: all statuses, oldest first, page 2',
  'sort=newest',
  'status=new&status=open',
  'category=research_findings',
  'q=laundering',
  'q=müller (sender name, accent)',
  'q=europol + status=closed',
  'assignee=me + status=open,waiting',
  'assignee=none + status=new,open',
];

async function whatIf(dbUrl, mix, actorId, sql, filterFromQuery) {
  const client = new pg.Client({ connectionString: dbUrl, application_name: 'ocvrn-bench-whatif' });
  await client.connect();
  const time = async (text, values) => {
    if (!text) return null;
    // One run: the pages are warm after the load (and the index was just built).
    const { rows } = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, values);
    const s = explainSummary(rows[0]['QUERY PLAN'][0]);
    return {
      ms: s.executionMs,
      seqScan: s.seqScanOnThreads,
      indexes: s.indexes.map((x) =>
        x
          .replace(/^.* /, '')
          .replace(/^inbox_threads_/, '')
          .replace(/^PK_.*/, 'pkey'),
      ),
    };
  };
  const plans = WHATIF_QUERIES.map((label) => {
    const entry = mix.find((e) => e.label === label);
    if (!entry || entry.query == null) return null;
    const { filter, after } = filterFromQuery(new URLSearchParams(entry.query));
    const plan = sql.inboxListSql(filter, actorId, after);
    if (!plan) return null;
    const sortKey = /,\s*(to_char\(t\.created_at [\s\S]*?\)) AS sort_key/;
    const m = sortKey.exec(plan.page);
    return {
      label,
      plan,
      // The sort key made for the page's rows only, after the LIMIT.
      lateSortKey: m
        ? `SELECT s.*, ${m[1].replace('t.created_at', 's.created_at')} AS sort_key FROM (${plan.page.replace(sortKey, '')}) s`
        : null,
      floatAverage: plan.count.includes('extract(epoch FROM')
        ? plan.count.replace('extract(epoch FROM', "date_part('epoch',")
        : null,
    };
  });
  const out = [];
  try {
    for (const p of plans.filter(Boolean)) {
      out.push({
        label: p.label,
        page: await time(p.plan.page, p.plan.pageParams),
        pageLateSortKey: await time(p.lateSortKey, p.plan.pageParams),
        count: await time(p.plan.count, p.plan.countParams),
        countFloatAverage: await time(p.floatAverage, p.plan.countParams),
      });
    }
    const t = performance.now();
    await client.query(WHATIF_INDEX);
    await client.query('ANALYZE inbox_threads');
    const indexSeconds = (performance.now() - t) / 1000;
    for (const [k, p] of plans.filter(Boolean).entries()) {
      out[k].pageWithIndex = await time(p.plan.page, p.plan.pageParams);
      out[k].countWithIndex = await time(p.plan.count, p.plan.countParams);
    }
    const {
      rows: [size],
    } = await client.query(`SELECT pg_relation_size('inbox_threads_bench_created_idx') AS bytes`);
    return {
      index: WHATIF_INDEX.replace(/\s+/g, ' '),
      indexBytes: Number(size.bytes),
      indexSeconds,
      queries: out,
    };
  } finally {
    await client
      .query('DROP INDEX IF EXISTS inbox_threads_bench_created_idx')
      .catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------
// The step

export async function inboxStep(ctx) {
  const { config: C, say, step } = ctx;
  const stepStarted = performance.now();
  const left = () => C.budgetMs - (performance.now() - stepStarted);
  const notes = [];
  const note = (text) => {
    notes.push(text);
    step(`NOTE: ${text}`);
  };
  say(
    `\n7. Inbox list: ${int(C.threads)} seeded threads; GET /api/inbox/threads as a contact officer against bare node:http + pg, same SQL, ` +
      `${C.requests} requests or ${C.seconds} s each at concurrency ${C.concurrency}, interleaved in blocks of ${C.blockSize} requests or ${C.blockSeconds} s ` +
      `(budget ${Math.round(C.budgetMs / 1000)} s)`,
  );
  const { filterFromQuery, sql } = await import('./bare-inbox-server.mjs');

  // PostgreSQL: DATABASE_URL's server, else a fresh embedded cluster.
  let serverUrl;
  let database;
  let pgPid = null;
  let pgDir = null;
  let stopPg = async () => undefined;
  let t = performance.now();
  if (process.env.DATABASE_URL) {
    serverUrl = process.env.DATABASE_URL;
    database = 'DATABASE_URL';
  } else {
    pgDir = ctx.freshTempDir('ocvrn-bench-inbox-');
    const pgs = await startPostgres(join(pgDir, 'postgres'));
    serverUrl = pgs.url;
    pgPid = pgs.pid;
    stopPg = pgs.stop;
    database = 'embedded (fresh cluster)';
  }
  const dbName = `ocvrn_inbox_bench_${process.pid}`;
  const db = await createDatabase(serverUrl, dbName);
  step(`PostgreSQL: ${database}, database ${dbName} (${fmtS((performance.now() - t) / 1000)})`);

  // The app, with its own DATA_DIR (it migrates the database).
  const appDir = ctx.freshTempDir('ocvrn-bench-inbox-app-');
  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  const app = spawnNode(ctx.main, {
    name: 'app (inbox)',
    cwd: ctx.root,
    env: appEnv({
      PORT: String(appPort),
      HOST: '127.0.0.1',
      DATA_DIR: join(appDir, 'data'),
      DATABASE_URL: db.url,
      JWT_SECRET: ctx.jwtSecret,
      ADMIN_EMAIL: ctx.adminEmail,
      ADMIN_PASSWORD: ctx.adminPassword,
      ACCESS_TOKEN_TTL: '7200',
      AUTH_RATE_LIMIT: '100000',
      LOG_LEVEL: 'warn',
    }),
  });
  const stopApp = stopOnCleanup(app, {});
  const appHealthy = await waitHealthy(app, appUrl, { timeoutMs: ctx.startTimeoutMs });
  step(`app up and migrated in ${fmtS(appHealthy.ms / 1000)}`);

  // Seed.
  const pool = new pg.Pool({
    connectionString: db.url,
    max: 2,
    application_name: 'ocvrn-bench-seed',
  });
  pool.on('error', () => undefined);
  let seeding;
  let seeded;
  const password = `bench-officer-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    t = performance.now();
    const anchorMs = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    let lastPrint = performance.now();
    seeded = await seedInbox(pool, {
      count: C.threads,
      passwordHash: await hashSeedPassword(password),
      anchorMs,
      deadline: stepStarted + C.budgetMs * 0.55,
      onProgress: (n) => {
        if (performance.now() - lastPrint > 10_000 && n < C.threads) {
          lastPrint = performance.now();
          step(`  seeded ${int(n)} / ${int(C.threads)} threads`);
        }
      },
    });
    const insertSeconds = (performance.now() - t) / 1000;
    if (seeded.stoppedEarly)
      note(
        `seeding stopped at ${int(seeded.inserted)} of ${int(C.threads)} threads: the step's budget`,
      );
    // The seeded vectors against refreshSearch's own expression, on a sample.
    const sampleIds = seeded.metas
      .filter((_, k) => k % Math.max(1, Math.floor(seeded.metas.length / 500)) === 0)
      .map((m) => m.id);
    const {
      rows: [check],
    } = await pool.query(
      `SELECT count(*)::int AS checked,
              count(*) FILTER (WHERE t.search_vector IS DISTINCT FROM (${REFRESH_EXPRESSION}))::int AS differ
         FROM inbox_threads t WHERE t.id = ANY($1::uuid[])`,
      [sampleIds],
    );
    if (check.differ)
      note(`${check.differ} of ${check.checked} seeded search vectors differ from refreshSearch's`);
    const ta = performance.now();
    await pool.query('VACUUM (ANALYZE) inbox_threads, inbox_messages, users');
    const vacuumAnalyzeSeconds = (performance.now() - ta) / 1000;
    const {
      rows: [shape],
    } = await pool.query(
      `SELECT count(*)::int AS threads,
              count(*) FILTER (WHERE status = 'new')::int AS new,
              count(*) FILTER (WHERE status = 'open')::int AS open,
              count(*) FILTER (WHERE status = 'waiting')::int AS waiting,
              count(*) FILTER (WHERE status = 'closed')::int AS closed,
              count(assignee_id)::int AS assigned,
              count(*) FILTER (WHERE assignee_id = $1)::int AS viewer,
              count(first_response_at)::int AS replied,
              round(avg(extract(epoch FROM first_response_at - created_at)))::int AS average_first_response,
              sum(message_count)::int AS messages,
              min(created_at) AS oldest, max(created_at) AS newest,
              (SELECT json_object_agg(category, n) FROM (SELECT category, count(*)::int AS n
                 FROM inbox_threads GROUP BY category ORDER BY 2 DESC) c) AS categories,
              pg_total_relation_size('inbox_threads') AS total_bytes,
              pg_relation_size('inbox_threads') AS heap_bytes,
              pg_relation_size('inbox_threads_search_idx') AS gin_bytes,
              pg_total_relation_size('inbox_messages') AS messages_bytes
         FROM inbox_threads`,
      [seeded.officers[0].id],
    );
    seeding = {
      threads: shape.threads,
      messages: shape.messages,
      bodyChars: seeded.bodyChars,
      statuses: { new: shape.new, open: shape.open, waiting: shape.waiting, closed: shape.closed },
      categories: shape.categories,
      assigned: shape.assigned,
      assignedToViewer: shape.viewer,
      replied: shape.replied,
      averageFirstResponseSeconds: shape.average_first_response,
      oldest: shape.oldest,
      newest: shape.newest,
      officers: seeded.officers.length,
      insertSeconds,
      vacuumAnalyzeSeconds,
      searchVectorsChecked: check.checked,
      searchVectorsDiffering: check.differ,
      threadsTotalBytes: Number(shape.total_bytes),
      threadsHeapBytes: Number(shape.heap_bytes),
      searchIndexBytes: Number(shape.gin_bytes),
      messagesTotalBytes: Number(shape.messages_bytes),
    };
    const pct = (n) => `${((n / shape.threads) * 100).toFixed(0)} %`;
    step(
      `seeded ${int(shape.threads)} threads and ${int(shape.messages)} messages in ${fmtS(insertSeconds)} ` +
        `(${Math.round(shape.threads / insertSeconds)} threads/s), VACUUM (ANALYZE) ${fmtS(vacuumAnalyzeSeconds)}; ` +
        `inbox_threads ${mib(shape.heap_bytes)} heap, ${mib(shape.total_bytes)} with indexes (GIN ${mib(shape.gin_bytes)}), inbox_messages ${mib(shape.messages_bytes)}`,
    );
    step(
      `  statuses new ${pct(shape.new)}, open ${pct(shape.open)}, waiting ${pct(shape.waiting)}, closed ${pct(shape.closed)}; ` +
        `assigned ${pct(shape.assigned)} (${int(shape.viewer)} to the viewer); replied ${pct(shape.replied)}; ` +
        `search vectors as refreshSearch makes them: ${check.checked - check.differ}/${check.checked} sampled`,
    );
  } finally {
    await pool.end().catch(() => undefined);
  }

  // The viewer signs in as the app's users do.
  const viewer = seeded.officers[0];
  const login = await jsonPost(`${appUrl}/api/auth/login`, { email: viewer.email, password });
  if (login.status !== 200 || typeof login.json?.accessToken !== 'string')
    throw new Error(
      `officer login: HTTP ${login.status} ${JSON.stringify(login.json).slice(0, 300)}`,
    );
  const token = login.json.accessToken;

  // The bare server.
  const bare = spawnNode(BARE, {
    name: 'bare inbox',
    cwd: ctx.root,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      ACTOR_ID: viewer.id,
      PORT: '0',
      HOST: '127.0.0.1',
      POOL_SIZE: String(C.poolSize),
    },
  });
  const stopBare = stopOnCleanup(bare, { graceMs: 5_000 });
  const readyLine = await waitForLine(bare, /BARE_READY \d+/, 20_000);
  const barePort = readyLine.match(/BARE_READY (\d+)/)[1];
  step(
    `officer ${viewer.name} signed in; bare server up (${readyLine.split(' ').slice(2).join(' ')})`,
  );

  const mkAgent = () =>
    new http.Agent({ keepAlive: true, maxSockets: C.concurrency, keepAliveMsecs: 10_000 });
  const targets = {
    app: {
      agent: mkAgent(),
      base: appUrl,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      path: (e) => `/api/inbox/threads${e.query ? `?${e.query}` : ''}`,
    },
    bare: {
      agent: mkAgent(),
      base: `http://127.0.0.1:${barePort}`,
      headers: { accept: 'application/json' },
      path: (e) => `/threads${e.query ? `?${e.query}` : ''}`,
    },
  };
  const mix = inboxMix(seeded.metas, seeded.officers);

  // Warm-up and check: every query on both servers side by side; second-page cursors.
  t = performance.now();
  const checks = [];
  for (const entry of mix) {
    if (entry.pageOf) {
      const cursor = checks[entry.pageOf.id]?.nextCursor;
      if (!cursor) throw new Error(`no nextCursor on the first page of ${entry.pageOf.label}`);
      const sp = new URLSearchParams(entry.pageOf.query);
      sp.set('cursor', cursor);
      entry.query = sp.toString();
    }
    const [a, b] = await Promise.all(
      ['app', 'bare'].map((w) =>
        httpGet(targets[w].agent, targets[w].base, targets[w].path(entry), targets[w].headers, {
          parse: true,
        }),
      ),
    );
    const mismatch =
      a.status !== 200 || b.status !== 200
        ? `HTTP ${a.status} / ${b.status}${a.status !== 200 ? ` app: ${JSON.stringify(a.body).slice(0, 200)}` : ''}`
        : sameAnswer(a.body, b.body);
    checks[entry.id] = {
      total: a.body?.total ?? null,
      average: a.body?.averageFirstResponseSeconds ?? null,
      items: a.body?.items?.length ?? null,
      firstReference: a.body?.items?.[0]?.reference ?? null,
      nextCursor: a.body?.nextCursor ?? null,
      mismatch,
    };
  }
  const mismatches = mix.filter((e) => checks[e.id].mismatch);
  step(
    `warm-up: the ${mix.length} queries once on each server, side by side (${fmtS((performance.now() - t) / 1000)}); ` +
      `answers identical app vs bare (total, average, every item field, nextCursor): ${mix.length - mismatches.length}/${mix.length}` +
      (mismatches.length
        ? ` — differ: ${mismatches.map((e) => `${e.label} (${checks[e.id].mismatch})`).join('; ')}`
        : ''),
  );

  // Unloaded: each query once on each server, one request at a time (app, bare, bare, app…).
  const unloaded = { app: [], bare: [] };
  for (const entry of mix) {
    for (const w of entry.id % 2 === 0 ? ['app', 'bare'] : ['bare', 'app']) {
      const r = await httpGet(
        targets[w].agent,
        targets[w].base,
        targets[w].path(entry),
        targets[w].headers,
      );
      unloaded[w][entry.id] = r.status === 200 ? r.ms : NaN;
    }
  }
  const unloadedStats = (w) => {
    const s = sortedCopy(unloaded[w].filter(Number.isFinite));
    return { p50: percentile(s, 50), p95: percentile(s, 95), max: s[s.length - 1] };
  };
  const unloadedSummary = { app: unloadedStats('app'), bare: unloadedStats('bare') };
  step(
    `unloaded (one request at a time, each query once): app p50 ${fmtMs(unloadedSummary.app.p50)}, p95 ${fmtMs(unloadedSummary.app.p95)}; ` +
      `bare p50 ${fmtMs(unloadedSummary.bare.p50)}, p95 ${fmtMs(unloadedSummary.bare.p95)}`,
  );

  // Load: blocks alternate ABBA until both reached C.requests or either spent its seconds;
  // the seconds shrink to what the budget leaves (EXPLAIN and teardown kept aside).
  const reserveMs = 30_000;
  const seconds = Math.max(2, Math.min(C.seconds, (left() - reserveMs) / 2000));
  if (seconds < C.seconds)
    note(`load limited to ${seconds.toFixed(0)} s per server by the step's budget`);
  const acc = {
    app: { ms: 0, samples: [], blocks: 0, offset: 0, cpuMs: 0, pgCpuMs: 0 },
    bare: { ms: 0, samples: [], blocks: 0, offset: 0, cpuMs: 0, pgCpuMs: 0 },
  };
  const pids = { app: app.pid, bare: bare.pid };
  t = performance.now();
  const hardStop = performance.now() + (seconds * 2 + 20) * 1000;
  for (let round = 0; ; round++) {
    const done = (w) => acc[w].samples.length >= C.requests;
    if (done('app') && done('bare')) break;
    if (acc.app.ms >= seconds * 1000 || acc.bare.ms >= seconds * 1000) break;
    if (performance.now() > hardStop) break;
    for (const w of round % 2 === 0 ? ['app', 'bare'] : ['bare', 'app']) {
      const a = acc[w];
      const n = Math.min(C.blockSize, C.requests - a.samples.length) || C.blockSize;
      const cpu0 = cpuMsOf(pids[w]);
      const pg0 = cpuTreeSnapshot(pgPid);
      const r = await loadBlock(targets[w], mix, a.offset, n, C.concurrency, C.blockSeconds * 1000);
      a.cpuMs += cpuMsOf(pids[w]) - cpu0;
      a.pgCpuMs += cpuMsBetween(pg0, cpuTreeSnapshot(pgPid));
      a.offset += r.samples.length;
      a.ms += r.ms;
      a.blocks++;
      a.samples.push(...r.samples);
    }
    if (round % 4 === 3) {
      const rate = (w) => (acc[w].samples.length / acc[w].ms) * 1000;
      step(
        `  ${acc.app.samples.length} / ${acc.bare.samples.length} requests (app ${rate('app').toFixed(0)} req/s, bare ${rate('bare').toFixed(0)} req/s)`,
      );
    }
  }
  const loadSeconds = (performance.now() - t) / 1000;
  const stats = (w) => loadStats(acc[w]);
  const appStats = stats('app');
  const bareStats = stats('bare');
  const perQuery = mix.map((e) => {
    const of = (w) =>
      sortedCopy(acc[w].samples.filter((s) => s.entry === e.id && s.ok).map((s) => s.ms));
    const a = of('app');
    const b = of('bare');
    return {
      id: e.id,
      label: e.label,
      query: e.query,
      total: checks[e.id].total,
      averageFirstResponseSeconds: checks[e.id].average,
      firstReference: checks[e.id].firstReference,
      appUnloadedMs: unloaded.app[e.id],
      bareUnloadedMs: unloaded.bare[e.id],
      appMedianMs: median(a),
      appP95Ms: percentile(a, 95),
      bareMedianMs: median(b),
      bareP95Ms: percentile(b, 95),
      identical: !checks[e.id].mismatch,
      mismatch: checks[e.id].mismatch,
    };
  });
  const ratio = {
    throughput: appStats.throughput / bareStats.throughput,
    p50: appStats.latency.p50 / bareStats.latency.p50,
    p95: appStats.latency.p95 / bareStats.latency.p95,
    p99: appStats.latency.p99 / bareStats.latency.p99,
  };
  step(
    `load (${fmtS(loadSeconds)}): app ${appStats.throughput.toFixed(0)} req/s, p50/p95/p99 ${fmtMs(appStats.latency.p50)} / ${fmtMs(appStats.latency.p95)} / ${fmtMs(appStats.latency.p99)}; ` +
      `bare ${bareStats.throughput.toFixed(0)} req/s, ${fmtMs(bareStats.latency.p50)} / ${fmtMs(bareStats.latency.p95)} / ${fmtMs(bareStats.latency.p99)}; ` +
      `ratio app/bare throughput ${fmtX(ratio.throughput)} (target ≥ ${C.targets.throughputRatio})`,
  );

  // EXPLAIN (ANALYZE, BUFFERS) on the quiet server.
  let explain = [];
  try {
    explain = await explainAll(db.url, mix, viewer.id, sql, filterFromQuery);
  } catch (err) {
    note(`EXPLAIN failed: ${err.message}`);
  }
  let whatif = null;
  if (C.whatIf) {
    try {
      whatif = await whatIf(db.url, mix, viewer.id, sql, filterFromQuery);
    } catch (err) {
      note(`what-if failed: ${err.message}`);
    }
  }

  // Teardown.
  for (const target of Object.values(targets)) target.agent.destroy();
  await stopBare();
  await stopApp();
  await db.drop();
  await stopPg();
  removeTempDir(appDir);
  if (pgDir) removeTempDir(pgDir);

  return {
    database,
    threads: C.threads,
    seeding,
    viewer: { name: viewer.name, threadsAssigned: seeding.assignedToViewer },
    mixSize: mix.length,
    concurrency: C.concurrency,
    poolSize: C.poolSize,
    loadSeconds,
    unloaded: unloadedSummary,
    app: appStats,
    bare: bareStats,
    ratio,
    identicalAnswers: mix.length - mismatches.length,
    bareItems: 'mapped by the built toSummary() (inbox.repository.js), as the app',
    perQuery,
    explain,
    whatIf: whatif,
    targets: C.targets,
    targetMet: ratio.throughput >= C.targets.throughputRatio,
    notes,
    stepSeconds: (performance.now() - stepStarted) / 1000,
    appProblemLines: app.problems,
  };
}

// ---------------------------------------------------------------------------------------
// Reports

export function inboxReport(d) {
  const lines = [];
  const pad = (s, n) => String(s).padEnd(n);
  const padL = (s, n) => String(s).padStart(n);
  const ms = (v) => (Number.isFinite(v) ? v.toFixed(v < 100 ? 1 : 0) : 'n/a');
  lines.push(
    'Inbox list, per query (ms: alone = one request at a time; p50 / p95 under load; total = threads matching):',
  );
  lines.push(
    `  ${pad('query', 38)} ${padL('total', 6)}  ${padL('app alone', 9)} ${padL('p50', 6)} ${padL('p95', 6)}  ${padL('bare alone', 10)} ${padL('p50', 6)} ${padL('p95', 6)}  same`,
  );
  for (const q of d.perQuery) {
    lines.push(
      `  ${pad(q.label.slice(0, 38), 38)} ${padL(q.total ?? '-', 6)}  ${padL(ms(q.appUnloadedMs), 9)} ${padL(ms(q.appMedianMs), 6)} ${padL(ms(q.appP95Ms), 6)}  ${padL(ms(q.bareUnloadedMs), 10)} ${padL(ms(q.bareMedianMs), 6)} ${padL(ms(q.bareP95Ms), 6)}  ${q.identical ? 'yes' : `NO: ${q.mismatch}`}`,
    );
  }
  lines.push('');
  lines.push(
    'EXPLAIN (ANALYZE, BUFFERS) of the page and count statements (execution ms; plan nodes):',
  );
  for (const e of d.explain) {
    lines.push(`  ${e.label}  [${e.query || 'no parameters'}]`);
    for (const p of e.parts) {
      const seq = p.seqScans.length
        ? p.seqScans
            .map(
              (s) =>
                `SEQ SCAN ${s.relation} (${s.parallel ? 'parallel, ' : ''}${s.rowsOut} rows kept, ${s.rowsRemovedByFilter} filtered out)`,
            )
            .join('; ')
        : 'no seq scan';
      lines.push(
        `    ${pad(p.part, 15)} ${padL(ms(p.executionMs), 7)} ms, buffers hit ${p.sharedHitBlocks} read ${p.sharedReadBlocks}; ${seq}; ${p.indexes.length ? p.indexes.join(', ') : 'no index'}`,
      );
      for (const l of p.lines) lines.push(`      ${l}`);
    }
  }
  const w = d.whatIf;
  if (w) {
    const t = (x) =>
      x
        ? `${ms(x.ms)}${x.seqScan ? ' seq' : x.indexes.length ? ` ${x.indexes.join('+')}` : ''}`
        : 'n/a';
    lines.push('');
    lines.push(
      `What-if, on the bench database only (execution ms; seq = Seq Scan on inbox_threads, else the indexes used): ` +
        `as is; sort key after the LIMIT; average in float8; with ${w.index} (${mib(w.indexBytes)}, built in ${fmtS(w.indexSeconds)}):`,
    );
    lines.push(
      `  ${pad('query', 38)} ${pad('page as is', 20)} ${pad('late sort key', 20)} ${pad('+ index', 26)} ${pad('count as is', 20)} ${pad('float avg', 20)} + index`,
    );
    for (const q of w.queries) {
      lines.push(
        `  ${pad(q.label.slice(0, 38), 38)} ${pad(t(q.page), 20)} ${pad(t(q.pageLateSortKey), 20)} ${pad(t(q.pageWithIndex), 26)} ${pad(t(q.count), 20)} ${pad(t(q.countFloatAverage), 20)} ${t(q.countWithIndex)}`,
      );
    }
  }
  if (d.notes.length) lines.push('', ...d.notes.map((n) => `  NOTE: ${n}`));
  return lines.join('\n');
}

export function inboxSummaryRows(d) {
  const rows = [];
  const lat = (x) => `${fmtMs(x.latency.p50)} / ${fmtMs(x.latency.p95)} / ${fmtMs(x.latency.p99)}`;
  const cpu = (v) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');
  const s = d.seeding;
  rows.push([
    `Inbox: seed ${int(s.threads)} threads, ${int(s.messages)} messages (one statement per 1,000) + VACUUM ANALYZE`,
    `${fmtS(s.insertSeconds)} + ${fmtS(s.vacuumAnalyzeSeconds)}`,
  ]);
  rows.push([
    `Inbox, app GET /api/inbox/threads: req/s (${d.app.requests} requests, concurrency ${d.concurrency})`,
    `${d.app.throughput.toFixed(0)} req/s`,
  ]);
  rows.push(['Inbox, app p50 / p95 / p99 under load', lat(d.app)]);
  rows.push([
    `Inbox, bare node:http + pg, same SQL: req/s (${d.bare.requests} requests)`,
    `${d.bare.throughput.toFixed(0)} req/s`,
  ]);
  rows.push(['Inbox, bare p50 / p95 / p99 under load', lat(d.bare)]);
  rows.push([
    'Inbox, one request at a time (each query once): app p50 / p95; bare p50 / p95',
    `${fmtMs(d.unloaded.app.p50)} / ${fmtMs(d.unloaded.app.p95)}; ${fmtMs(d.unloaded.bare.p50)} / ${fmtMs(d.unloaded.bare.p95)}`,
  ]);
  rows.push([
    'Inbox, CPU per request under load: app / bare process; PostgreSQL for app / bare',
    `${cpu(d.app.serverCpuMsPerRequest)} / ${cpu(d.bare.serverCpuMsPerRequest)}; ${cpu(d.app.postgresCpuMsPerRequest)} / ${cpu(d.bare.postgresCpuMsPerRequest)}`,
  ]);
  rows.push([
    'Inbox, ratio app / bare: throughput; p95',
    `${fmtX(d.ratio.throughput)}; ${fmtX(d.ratio.p95)}`,
  ]);
  rows.push([
    'Inbox, answers identical app vs bare',
    `${d.identicalAnswers} / ${d.mixSize} queries`,
  ]);
  const seq = d.explain.filter((e) => e.parts.some((p) => p.seqScanOnThreads));
  rows.push([
    `Inbox, EXPLAIN: queries with a Seq Scan on inbox_threads (of ${d.explain.length})`,
    seq.length
      ? seq
          .map(
            (e) =>
              `${e.label} (${e.parts
                .filter((p) => p.seqScanOnThreads)
                .map((p) => `${p.part} ${fmtMs(p.executionMs)}`)
                .join(', ')})`,
          )
          .join('; ')
      : 'none',
  ]);
  rows.push([
    `Target: app throughput ≥ ${d.targets.throughputRatio}× bare`,
    d.targetMet ? 'met' : 'NOT met',
  ]);
  if (d.notes.length) rows.push(['Inbox notes', `${d.notes.length} (see above / JSON)`]);
  return rows;
}
