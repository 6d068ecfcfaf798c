// The library step of `npm run bench`: the document library's large files and its search,
// the built app beside a bare node:http file server (bench/bare-file-server.mjs) in the
// same run, round by round (bare, app; then app, bare…):
//
//   a. One upload of a 1 GiB plain-text file: a member's POST /api/documents (multipart,
//      `title` and `marking` before the `file` part, framed by hand over node:http with a
//      known Content-Length, keep-alive off), the content streamed from a generator (a
//      repeating pattern of ASCII words and a unique last line), never held in memory.
//      MiB/s from the request's start to the answer, and to the moment the server's temporary
//      file holds the whole body (watched every 20 ms), so the receiving part compares with
//      the bare server (busboy → sha256 → file, as the app does) and the rest (type detection,
//      text extraction, storing, the database) shows apart. The API process's RSS: sampled
//      every 20 ms, and its kernel high-water mark reset before each round.
//   b. Four such uploads at once: aggregate MiB/s and peak RSS growth, beside the bare server.
//   c. Download of the 1 GiB document (GET /api/documents/:id/download) against the bare
//      server streaming the very same stored file (fs.createReadStream, Content-Length); the
//      body is read by a lean socket client (one reused 1 MiB buffer), counted and compared
//      byte for byte with the generator as it comes (sha256 too with
//      BENCH_LIBRARY_DOWNLOAD_HASH=1), never kept.
//   d. 200 random single ranges (`bytes=a-b`, suffixes `bytes=-n`, open `bytes=a-`), 1 byte to
//      4 MiB: each must be a 206 with the right Content-Range and exactly the bytes the
//      generator makes for that slice; latency p50/p95.
//   e. Search: 20,000 documents seeded straight into the app's database (the search vector
//      computed in the same SQL as DocumentsRepository.refreshSearch), then GET /api/documents
//      with a fixed mix of ~20 queries at concurrency 8 for a bounded time, first with
//      `Cache-Control: no-cache` (every answer computed), then from the app's answer cache
//      while one document changes every 5 s; throughput, p50/p95/p99, and EXPLAIN
//      (ANALYZE, BUFFERS) of one representative search built by the app's own
//      DocumentsRepository.search().
//
// Nothing is asserted. Loopback only; the step keeps to its time budget (later rounds and
// phases are skipped with a note), and everything it starts and writes is removed.
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statfsSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { removeTempDir } from './lib/cleanup.mjs';
import { createDatabase, startPostgres } from './lib/embedded-pg.mjs';
import { cpuMsBetween, cpuMsOf, cpuTreeSnapshot, freePort, sleep } from './lib/proc.mjs';
import { appEnv, spawnNode, stopOnCleanup, waitForLine, waitHealthy } from './lib/server.mjs';
import { fmtS, median, percentile, sortedCopy } from './lib/stats.mjs';
import { hashSeedPassword, mulberry32 } from '../scripts/seed-lib.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const BARE = join(BENCH_DIR, 'bare-file-server.mjs');
const require = createRequire(import.meta.url);

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
const SEED = 20111201;

const mib = (bytes) => (Number.isFinite(bytes) ? `${(bytes / MiB).toFixed(0)} MiB` : 'n/a');
const rate = (v) => (Number.isFinite(v) ? `${v.toFixed(0)} MiB/s` : 'n/a');
const ms = (v) => (Number.isFinite(v) ? `${v.toFixed(v < 10 ? 1 : 0)} ms` : 'n/a');
const x2 = (v) => (Number.isFinite(v) ? v.toFixed(2) : 'n/a');
const int = (v) => (Number.isFinite(v) ? v.toLocaleString('en-GB') : 'n/a');
const sizeText = (bytes) =>
  bytes >= GiB && bytes % GiB === 0 ? `${bytes / GiB} GiB` : `${(bytes / MiB).toFixed(0)} MiB`;

// ---------------------------------------------------------------------------------------
// Words: the uploaded text and the seeded library share one fixed vocabulary.

const COMMON =
  `the of and in to a is that for on with as by are this from be or which their was were
these at an it not have has more between than also its into while through such other most across
where both among we our they been can may within over after how what who when but only some all
new two three first however each many those would could there them often less both very found
whether because under against without during before about same different several particular`
    .split(/\s+/)
    .filter(Boolean);

const RESEARCH =
  `study analysis data evidence findings research interviews survey sample cases model
approach framework policy practice literature review methods qualitative quantitative comparative
longitudinal estimate measure impact outcome effect factors patterns trends risk harm harms response
prevention enforcement intelligence investigation prosecution policing police agencies authorities
government local national international transnational regional urban rural communities social
economic political legal regulatory market markets networks groups organisations actors offenders
victims vulnerable exploitation recruitment violence control power trust governance corruption
infrastructure supply demand prices profits proceeds finance financial criminal crime crimes organised
serious partners partnership sharing information officers practitioners interventions disruption
safeguarding resilience capability capacity threat threats assessment strategic operational tactical
indicators typology typologies ethnographic fieldwork interviewees respondents participants dataset
datasets records courts sentencing convictions arrests seizures estimates costs scale nature extent
drivers facilitators enablers displacement deterrence legitimacy state states border borders ports
logistics routes hubs brokers intermediaries families clans members leaders hierarchy structure
structures cooperation collaboration evaluation programme programmes pilot outcomes lessons learned
recommendations implications theory theories concept concepts mechanisms context contexts`
    .split(/\s+/)
    .filter(Boolean);

const PLACES = `europe britain england scotland wales london manchester liverpool birmingham leeds
glasgow italy naples calabria sicily mexico colombia brazil nigeria lagos ghana netherlands rotterdam
antwerp belgium balkans albania serbia spain france germany poland romania ukraine turkey morocco
china vietnam india canada australia argentina peru venezuela ecuador caribbean africa asia
america pacific mediterranean`
  .split(/\s+/)
  .filter(Boolean);

/** Word clusters by crime type (taxonomy id); a document leans on one of them. */
const THEMES = {
  drugs: `cocaine heroin cannabis methamphetamine synthetic opioids fentanyl drug drugs dealing county
lines couriers wholesale retail purity cryptomarkets darknet trafficking cartels precursors`,
  'money-laundering': `money laundering laundered cash banks shell companies trade invoicing property
estate cryptocurrency hawala mules beneficial ownership sanctions offshore accountants professional`,
  'firearms-violence-gangs': `firearms guns weapons gangs gang violence shootings knives territory
rivalry youth homicide retaliation converted ammunition street`,
  'economic-crime-fraud': `fraud frauds scams investment romance identity payment insurance procurement
invoice phishing impersonation pensions elderly losses`,
  'cyber-crime': `ransomware malware hacking botnets cybercrime encryption forums credentials extortion
intrusion exploits platforms online digital cyber`,
  'organised-acquisitive-crime': `theft burglary vehicles metal plant machinery robbery stolen handling
catalytic converters tools heritage cargo acquisitive`,
  'environmental-crime': `waste wildlife timber fisheries ivory pangolin dumping pollution logging mining
permits species landfill environmental poaching`,
  'immigration-trafficking-exploitation': `human trafficking smuggling migrants labour exploitation sexual
modern slavery debt bondage brothels asylum children trafficked exploited`,
  enablers: `corruption bribery officials identity documents legitimate business lawyers insiders
professionals collusion fronts cleaners`,
  mafia: `mafia mafias camorra ndrangheta cosa nostra yakuza triads clans protection racketeering
extortion omerta bosses`,
};
const THEME_WORDS = Object.fromEntries(
  Object.entries(THEMES).map(([k, v]) => [k, v.split(/\s+/).filter(Boolean)]),
);
const THEME_IDS = Object.keys(THEMES);

const SURNAMES =
  `Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans
Walker White Roberts Green Hall Wood Jackson Clarke Rossi Russo Ferrari Esposito Bianchi Romano Garcia
Martinez Lopez Gonzalez Silva Santos Oliveira Okafor Adeyemi Mensah Nguyen Tran Chen Wang Kumar Singh
Patel Kowalski Novak Horvat Muller Schmidt Dubois Moreau Jansen Bakker Popescu Ivanova`
    .split(/\s+/)
    .filter(Boolean);

const TYPES = [
  ['pdf', 'application/pdf', 0.7],
  ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 0.12],
  ['txt', 'text/plain', 0.05],
  ['md', 'text/markdown', 0.03],
  ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 0.03],
  ['odt', 'application/vnd.oasis.opendocument.text', 0.03],
  ['pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation', 0.02],
  ['csv', 'text/csv', 0.02],
];

/** A weighted sampler over words (rank-based, Zipf-like: weight 1/(rank+8)). */
function zipf(words) {
  const cum = new Float64Array(words.length);
  let total = 0;
  for (let i = 0; i < words.length; i++) cum[i] = total += 1 / (i + 8);
  return (rng) => {
    const r = rng() * total;
    let lo = 0;
    let hi = words.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return words[lo];
  };
}
const pickCommon = zipf(COMMON);
const pickResearch = zipf(RESEARCH);
const pickPlace = zipf(PLACES);
const pickTheme = Object.fromEntries(THEME_IDS.map((k) => [k, zipf(THEME_WORDS[k])]));

const pick = (rng, xs) => xs[Math.floor(rng() * xs.length)];
const capitalise = (w) => w[0].toUpperCase() + w.slice(1);

/** One sentence leaning on `theme`; ASCII letters, spaces, one full stop. */
function sentence(rng, theme) {
  const n = 8 + Math.floor(rng() * 20);
  const words = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = rng();
    words[i] =
      r < 0.42
        ? pickCommon(rng)
        : r < 0.72
          ? pickResearch(rng)
          : r < 0.96
            ? pickTheme[theme](rng)
            : pickPlace(rng);
  }
  words[0] = capitalise(words[0]);
  return words.join(' ') + '.';
}

/** About `words` words in paragraphs of 4 to 9 sentences. */
function prose(rng, theme, words) {
  const paragraphs = [];
  let count = 0;
  while (count < words) {
    const sentences = [];
    const k = 4 + Math.floor(rng() * 6);
    for (let i = 0; i < k && count < words; i++) {
      const s = sentence(rng, theme);
      count += s.split(' ').length;
      sentences.push(s);
    }
    paragraphs.push(sentences.join(' '));
  }
  return { text: paragraphs.join('\n\n'), words: count };
}

// ---------------------------------------------------------------------------------------
// The uploaded files: content made on the fly, any slice and the hash recomputable.

/** Pattern length: a little over 1 MiB and odd, so a slice at a wrong offset never matches. */
const PATTERN_BYTES = MiB + 13;
const TRAILER_BYTES = 64;
const CHUNK_BYTES = 256 * KiB;
let PATTERN2 = null; // the pattern twice over, so any chunk is one subarray

function pattern2() {
  if (PATTERN2) return PATTERN2;
  const rng = mulberry32(SEED);
  const lines = [];
  let length = 0;
  let i = 0;
  while (length < PATTERN_BYTES) {
    const theme = THEME_IDS[i++ % THEME_IDS.length];
    const line = `${sentence(rng, theme)} ${sentence(rng, theme)}\n`;
    lines.push(line);
    length += line.length;
  }
  const p = Buffer.from(lines.join('').slice(0, PATTERN_BYTES - 1) + '\n', 'latin1');
  if (p.length !== PATTERN_BYTES || p.includes('-') || p.includes('\r')) {
    throw new Error('pattern: unexpected content');
  }
  PATTERN2 = Buffer.concat([p, p]);
  return PATTERN2;
}

const prefixHashes = new Map(); // body length -> sha256 state after the body

/** A file of `size` bytes: the pattern repeated, then one unique 64-byte last line. */
function makeFile(size, tag) {
  if (size < TRAILER_BYTES + 1) throw new Error('file too small');
  const bodyLength = size - TRAILER_BYTES;
  const nonce = randomBytes(8).toString('hex');
  const trailer = Buffer.from(
    `\nOCVRN bench file ${tag} ${nonce}`.slice(0, TRAILER_BYTES - 1).padEnd(TRAILER_BYTES - 1) +
      '\n',
    'latin1',
  );
  const file = { tag, name: `${tag}.txt`, size, bodyLength, trailer, sha256: null };
  let prefix = prefixHashes.get(bodyLength);
  if (!prefix) {
    prefix = createHash('sha256');
    for (const chunk of bodyChunks(bodyLength)) prefix.update(chunk);
    prefixHashes.set(bodyLength, prefix);
  }
  file.sha256 = prefix.copy().update(trailer).digest('hex');
  return file;
}

function* bodyChunks(bodyLength) {
  const pp = pattern2();
  for (let pos = 0; pos < bodyLength;) {
    const off = pos % PATTERN_BYTES;
    const n = Math.min(CHUNK_BYTES, bodyLength - pos);
    yield pp.subarray(off, off + n);
    pos += n;
  }
}

function* fileChunks(file) {
  yield* bodyChunks(file.bodyLength);
  yield file.trailer;
}

/** Bytes start…end (inclusive) of a file, as the generator makes them. */
function sliceOf(file, start, end) {
  const pp = pattern2();
  const out = Buffer.allocUnsafe(end - start + 1);
  let o = 0;
  let pos = start;
  while (pos <= end) {
    if (pos < file.bodyLength) {
      const off = pos % PATTERN_BYTES;
      const take = Math.min(end + 1, file.bodyLength) - pos;
      const n = Math.min(take, PATTERN_BYTES);
      pp.copy(out, o, off, off + n);
      o += n;
      pos += n;
    } else {
      const off = pos - file.bodyLength;
      const n = end + 1 - pos;
      file.trailer.copy(out, o, off, off + n);
      o += n;
      pos += n;
    }
  }
  return out;
}

/**
 * Checks bytes as they arrive against the generator's bytes from `start` on (memcmp of each
 * chunk against the pattern: byte for byte, and far cheaper than hashing in the client).
 */
function verifier(file, start = 0) {
  const pp = pattern2();
  let pos = start;
  let mismatchAt = null;
  return {
    update(chunk) {
      if (mismatchAt !== null) return;
      let i = 0;
      while (i < chunk.length) {
        if (pos >= file.size) {
          mismatchAt = pos; // more bytes than the file has
          return;
        }
        let expected;
        if (pos < file.bodyLength) {
          const off = pos % PATTERN_BYTES;
          const n = Math.min(chunk.length - i, file.bodyLength - pos, PATTERN_BYTES);
          expected = pp.subarray(off, off + n);
        } else {
          const off = pos - file.bodyLength;
          expected = file.trailer.subarray(
            off,
            off + Math.min(chunk.length - i, TRAILER_BYTES - off),
          );
        }
        if (!chunk.subarray(i, i + expected.length).equals(expected)) {
          mismatchAt = pos;
          return;
        }
        i += expected.length;
        pos += expected.length;
      }
    },
    get identical() {
      return mismatchAt === null && pos === file.size;
    },
    get mismatchAt() {
      return mismatchAt;
    },
  };
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** [user, system] CPU ms from a /proc stat line. */
function statTimes(path) {
  try {
    const text = readFileSync(path, 'utf8');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return [Number(f[11]) * TICK_MS, Number(f[12]) * TICK_MS];
  } catch {
    return [NaN, NaN];
  }
}

/**
 * CPU ms, user and system, of a process's main thread (the event loop: JavaScript, socket
 * reads, hashing) and of the whole process (with libuv's pool doing file I/O, V8's helper
 * threads, and worker threads, counted even after they ended).
 */
function threadCpu(pid) {
  const [mainUser, mainSystem] = statTimes(`/proc/${pid}/task/${pid}/stat`);
  const [user, system] = statTimes(`/proc/${pid}/stat`);
  return { mainUser, mainSystem, user, system };
}

/** The difference of two threadCpu() snapshots, with what ran off the main thread. */
function threadCpuBetween(a, b) {
  const d = (k) => b[k] - a[k];
  return {
    mainThread: { userMs: d('mainUser'), systemMs: d('mainSystem') },
    otherThreads: {
      userMs: d('user') - d('mainUser'),
      systemMs: d('system') - d('mainSystem'),
    },
  };
}

/** Reads a file once (into one reused buffer), so its pages are in the page cache. */
function warmFile(path) {
  let fd;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.allocUnsafe(4 * MiB);
    while (readSync(fd, buf, 0, buf.length, null) > 0);
  } catch {
    // missing: the download itself will say so
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

// ---------------------------------------------------------------------------------------
// Watching a server: RSS (sampled, and the kernel's high-water mark), its temporary files.

function memoryOf(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (name) => {
      const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text);
      return m ? Number(m[1]) * 1024 : null;
    };
    return { rss: kib('VmRSS'), hwm: kib('VmHWM') };
  } catch {
    return null;
  }
}

/**
 * Samples `pid`'s RSS every `intervalMs` and the `.part` files in `partDir` (size, when each
 * reached `expectBytes`, when it went: moved into storage). Times are performance.now().
 */
function watch(pid, partDir, expectBytes, expectParts = 1, intervalMs = 20) {
  let hwmReset = false;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    hwmReset = true;
  } catch {
    // not allowed: the sampled peak stands alone
  }
  const list = () => {
    try {
      return readdirSync(partDir).filter((n) => n.endsWith('.part'));
    } catch {
      return [];
    }
  };
  const preexisting = new Set(list());
  const first = memoryOf(pid);
  const baseline = first?.rss ?? NaN;
  let peak = baseline;
  let samples = 1;
  const parts = new Map();
  let receivingPeak = baseline; // the sampled peak until every body is on disk
  let receiving = true;
  const tick = () => {
    const now = performance.now();
    const m = memoryOf(pid);
    if (m?.rss != null) {
      samples++;
      if (m.rss > peak) peak = m.rss;
      if (receiving && m.rss > receivingPeak) receivingPeak = m.rss;
    }
    const seen = new Set();
    for (const name of list()) {
      if (preexisting.has(name)) continue;
      seen.add(name);
      let size;
      try {
        size = statSync(join(partDir, name)).size;
      } catch {
        continue;
      }
      let p = parts.get(name);
      if (!p) parts.set(name, (p = { firstSeenAt: now, size: 0, fullAt: NaN, goneAt: NaN }));
      p.size = Math.max(p.size, size);
      if (size >= expectBytes && Number.isNaN(p.fullAt)) p.fullAt = now;
    }
    for (const [name, p] of parts) {
      if (!seen.has(name) && Number.isNaN(p.goneAt)) p.goneAt = now;
    }
    let received = 0;
    for (const p of parts.values())
      if (!Number.isNaN(p.fullAt) || !Number.isNaN(p.goneAt)) received++;
    if (received >= expectParts) receiving = false;
  };
  const timer = setInterval(tick, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      tick();
      const last = memoryOf(pid);
      const hwm = hwmReset && last?.hwm != null ? last.hwm : null;
      const peakBytes = hwm != null ? Math.max(hwm, peak) : peak;
      return {
        rss: {
          baselineBytes: baseline,
          peakBytes,
          growthBytes: peakBytes - baseline,
          // Sampled: the peak while the bodies came in, before detection and inspection.
          receivingGrowthBytes: receivingPeak - baseline,
          sampledPeakBytes: peak,
          kernelPeakBytes: hwm,
          endBytes: last?.rss ?? NaN,
          samples,
        },
        parts: [...parts.values()].map((p) => ({
          ...p,
          // Whole body on disk: seen at full size, or gone (moved) before a sample saw it so.
          receivedAt: Number.isNaN(p.fullAt) ? p.goneAt : Math.min(p.fullAt, p.goneAt || Infinity),
        })),
      };
    },
  };
}

// ---------------------------------------------------------------------------------------
// HTTP

/**
 * POSTs `file` as multipart/form-data (`fields` first, then `file`), framed by hand with a
 * known Content-Length, streamed from the generator with back-pressure, keep-alive off.
 */
function uploadOnce({ port, path, headers = {}, fields, file, timeoutMs }) {
  const boundary = `----OcvrnBench${randomBytes(12).toString('hex')}`;
  let head = '';
  for (const [name, value] of Object.entries(fields)) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  }
  head +=
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
    'Content-Type: text/plain\r\n\r\n';
  const headBuf = Buffer.from(head, 'utf8');
  const tailBuf = Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1');
  const length = headBuf.length + file.size + tailBuf.length;
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const times = { t0, sentAt: NaN, responseAt: NaN, endAt: NaN };
    let settled = false;
    const req = http.request({
      host: '127.0.0.1',
      port,
      path,
      method: 'POST',
      agent: false,
      headers: {
        ...headers,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(length),
        connection: 'close',
      },
    });
    const timer = setTimeout(
      () => req.destroy(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
    const fail = (err) => {
      clearTimeout(timer);
      if (!settled) {
        settled = true;
        reject(err);
      }
    };
    req.on('error', fail);
    req.on('finish', () => (times.sentAt = performance.now()));
    req.on('response', (res) => {
      times.responseAt = performance.now();
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', fail);
      res.on('end', () => {
        times.endAt = performance.now();
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = text.slice(0, 500);
        }
        if (!req.writableFinished) req.destroy(); // answered before the body went (an error)
        if (!settled) {
          settled = true;
          resolve({ status: res.statusCode, json, bytes: file.size, ...times });
        }
      });
    });
    const drained = () =>
      new Promise((r) => {
        const done = () => {
          req.off('drain', done);
          req.off('close', done);
          r();
        };
        req.on('drain', done);
        req.on('close', done);
      });
    (async () => {
      req.write(headBuf);
      for (const chunk of fileChunks(file)) {
        if (req.destroyed || Number.isFinite(times.responseAt)) return;
        if (!req.write(chunk)) await drained();
      }
      if (!req.destroyed) req.end(tailBuf);
    })().catch((err) => req.destroy(err));
  });
}

/**
 * GETs a whole file over a plain socket read into one reused 1 MiB buffer (net `onread`): no
 * allocation per chunk and few reads, so the client costs a fraction of node:http's (whose
 * per-chunk 64 KiB buffers made the bench client, not the servers, the limit of a 1 GiB
 * download on 2 cores). The response must carry a Content-Length (both servers send one).
 * The body is counted, checked by `verify` and hashed with `hash` as it comes, never kept.
 */
function rawDownload({
  port,
  path,
  headers = {},
  verify = null,
  hash: hashing = false,
  timeoutMs,
}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const hash = hashing ? createHash('sha256') : null;
    let head = Buffer.alloc(0);
    let parsed = null;
    let bytes = 0;
    let responseAt = NaN;
    let firstByteAt = NaN;
    let settled = false;
    const settle = (err, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(value);
    };
    const finish = () =>
      settle(null, {
        status: parsed.status,
        headers: parsed.headers,
        bytes,
        sha256: hash ? hash.digest('hex') : null,
        t0,
        responseAt,
        firstByteAt,
        endAt: performance.now(),
      });
    const body = (chunk) => {
      if (bytes === 0) firstByteAt = performance.now();
      bytes += chunk.length;
      verify?.update(chunk);
      hash?.update(chunk);
      if (bytes >= parsed.length) finish();
    };
    const socket = net.connect({
      host: '127.0.0.1',
      port,
      onread: {
        buffer: Buffer.allocUnsafe(MiB),
        callback(n, buf) {
          if (settled) return false;
          let chunk = buf.subarray(0, n);
          if (!parsed) {
            head = Buffer.concat([head, chunk]);
            const end = head.indexOf('\r\n\r\n');
            if (end < 0) return true;
            const lines = head.subarray(0, end).toString('latin1').split('\r\n');
            const fields = {};
            for (const line of lines.slice(1)) {
              const i = line.indexOf(':');
              fields[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
            }
            parsed = {
              status: Number(lines[0].split(' ')[1]),
              headers: fields,
              length: Number(fields['content-length']),
            };
            responseAt = performance.now();
            if (!Number.isFinite(parsed.length)) {
              settle(new Error(`HTTP ${parsed.status} without a Content-Length`));
              return false;
            }
            chunk = head.subarray(end + 4); // a copy: the reused buffer is overwritten next read
            if (parsed.length === 0) {
              finish();
              return false;
            }
          }
          if (chunk.length > 0) body(chunk);
          return true;
        },
      },
    });
    socket.on('connect', () =>
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n` +
          Object.entries(headers)
            .map(([k, v]) => `${k}: ${v}\r\n`)
            .join('') +
          '\r\n',
      ),
    );
    socket.on('end', () => settle(new Error(`connection closed after ${bytes} body bytes`)));
    socket.on('error', (err) => settle(err));
    const timer = setTimeout(
      () => settle(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
  });
}

/**
 * GETs `path`; the body is counted, and checked by `verify` as it comes, hashed with `hash`,
 * kept only with `keep`. Resolves with the status, headers, byte count, sha256 (or null) and
 * times (start, first byte, end).
 */
function getOnce({
  port,
  path,
  headers = {},
  agent = false,
  keep = false,
  hash: hashing = false,
  verify = null,
  timeoutMs = 120_000,
}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        path,
        agent,
        headers: agent ? headers : { ...headers, connection: 'close' },
      },
      (res) => {
        const responseAt = performance.now();
        const hash = hashing ? createHash('sha256') : null;
        const chunks = keep ? [] : null;
        let bytes = 0;
        let firstByteAt = NaN;
        res.on('data', (c) => {
          if (bytes === 0) firstByteAt = performance.now();
          bytes += c.length;
          hash?.update(c);
          verify?.update(c);
          if (chunks) chunks.push(c);
        });
        res.on('error', reject);
        res.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode,
            headers: res.headers,
            bytes,
            sha256: hash ? hash.digest('hex') : null,
            body: chunks ? Buffer.concat(chunks) : null,
            t0,
            responseAt,
            firstByteAt,
            endAt: performance.now(),
          });
        });
      },
    );
    const timer = setTimeout(
      () => req.destroy(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

async function jsonRequest(url, { method = 'GET', headers, body, timeoutMs = 30_000 } = {}) {
  const res = await fetch(url, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, json };
}

// ---------------------------------------------------------------------------------------
// Seeding the library

/** A version-4-shaped uuid from a name (unique per name; PRNG streams may overlap). */
function uuidFrom(name) {
  const b = createHash('sha256').update(name).digest().subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function docSeed(i) {
  let h = (SEED ^ Math.imul(i + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

const TITLE_FORMS = [
  (a, b, p) => `${capitalise(a)} and ${b} in ${capitalise(p)}`,
  (a, b, p) => `Understanding ${a} ${b}: evidence from ${capitalise(p)}`,
  (a, b, p, y) => `The ${a} economy of ${capitalise(p)}, ${y - 10} to ${y}`,
  (a, b) => `${capitalise(a)}, ${b} and the state`,
  (a, b, p) => `Mapping ${a} networks across ${capitalise(p)}`,
  (a, b) => `What works against ${a}? A review of ${b} interventions`,
  (a, b, p) => `${capitalise(a)} after the pandemic: ${b} in ${capitalise(p)}`,
];

/** Document `i` of the seeded library (depends only on i). */
function documentAt(i, { crossCutting, crimeTypes, nowMs, latestYear }) {
  const rng = mulberry32(docSeed(i));
  const theme = THEME_IDS[Math.floor(rng() * rng() * THEME_IDS.length)];
  const year = Math.max(1990, latestYear - 1 - Math.floor(35 * rng() * rng()));
  const a = pickTheme[theme](rng);
  const b = pickTheme[theme](rng);
  const title = pick(rng, TITLE_FORMS)(a, b, pickPlace(rng), year);
  const authors = Array.from(
    { length: 1 + Math.floor(rng() * rng() * 5) },
    () => `${String.fromCharCode(65 + Math.floor(rng() * 26))}. ${pick(rng, SURNAMES)}`,
  );
  const abstract = prose(rng, theme, 80 + Math.floor(rng() * 170)).text.replace(/\n\n/g, ' ');
  const textWords = Math.round(Math.exp(Math.log(300) + rng() * Math.log(10))); // 300…3000
  const body = prose(rng, theme, textWords);
  const topics = [
    ...new Set(
      Array.from(
        { length: 1 + Math.floor(rng() * 3) },
        () => crossCutting[Math.floor(rng() * rng() * crossCutting.length)],
      ),
    ),
  ];
  const crimes = new Set();
  if (theme !== 'mafia' && crimeTypes.includes(theme)) crimes.add(theme);
  if (rng() < 0.3 || crimes.size === 0) crimes.add(pick(rng, crimeTypes));
  let r = rng();
  let type = TYPES[0];
  for (const t of TYPES) {
    if ((r -= t[2]) < 0) {
      type = t;
      break;
    }
  }
  const publishedAt = new Date(nowMs - Math.floor(rng() * 3650 * 86_400_000)).toISOString();
  const sha = createHash('sha256').update(`ocvrn-bench-doc-${i}`).digest('hex');
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return {
    id: uuidFrom(`ocvrn-bench-doc-id-${i}`),
    title,
    abstract,
    authors: authors.join('|'),
    year,
    topics: topics.join(','),
    crimeTypes: [...crimes].join(','),
    type: type[0],
    mime: type[1],
    size: 20_000 + Math.floor(rng() * 5_000_000),
    sha256: sha,
    fileName: `${slug}.${type[0]}`,
    pages: type[0] === 'pdf' ? 4 + Math.floor(body.words / 350) : null,
    text: body.text,
    words: body.words,
    publishedAt,
  };
}

/**
 * The search vector is DocumentsRepository.refreshSearch's (its SEARCH_VECTOR, text capped
 * at 1,000,000 characters), computed in the INSERT itself from the batch's values.
 */
const SEED_SQL = `
  WITH t AS (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[],
                         $7::text[], $8::text[], $9::text[], $10::bigint[], $11::text[], $12::text[],
                         $13::int[], $14::text[], $15::timestamptz[])
      AS t(id, title, abstract, authors, year, topics, crime_types, type, mime, size, sha256,
           file_name, pages, text, published_at)
  ), d AS (
    INSERT INTO documents (id, title, abstract, authors, year, topics, crime_types, language,
                           marking, status, current_version, type, uploader_id, search_vector,
                           published_at, created_at, updated_at)
    SELECT t.id, t.title, t.abstract, string_to_array(t.authors, '|'), t.year,
           string_to_array(t.topics, ','), string_to_array(t.crime_types, ','), 'en', 'OFFICIAL',
           'published', 1, t.type, $16,
           setweight(to_tsvector('simple', ocvrn_unaccent(t.title)), 'A')
           || setweight(to_tsvector('simple', ocvrn_unaccent(array_to_string(string_to_array(t.authors, '|'), ' ') || ' ' || t.abstract)), 'B')
           || setweight(to_tsvector('simple', ocvrn_unaccent(left(t.text, 1000000))), 'D'),
           t.published_at, t.published_at, t.published_at
      FROM t
    RETURNING id
  )
  INSERT INTO document_versions (document_id, number, file_name, type, mime, size, sha256, pages,
                                 text, uploaded_by, created_at)
  SELECT t.id, 1, t.file_name, t.type, t.mime, t.size, t.sha256, t.pages, t.text, $16,
         t.published_at
    FROM t`;

async function seedLibrary(
  pool,
  { count, uploaderId, crossCutting, crimeTypes, deadline, onProgress },
) {
  const ctx = {
    crossCutting,
    crimeTypes,
    nowMs: Date.now(),
    latestYear: new Date().getUTCFullYear(),
  };
  const batchSize = 250;
  const batches = Math.ceil(count / batchSize);
  let next = 0;
  let done = 0;
  let words = 0;
  let textBytes = 0;
  let stoppedEarly = false;
  const worker = async () => {
    while (next < batches) {
      if (performance.now() > deadline) {
        stoppedEarly = true;
        return;
      }
      const b = next++;
      const cols = Array.from({ length: 15 }, () => []);
      for (let i = b * batchSize; i < Math.min(count, (b + 1) * batchSize); i++) {
        const d = documentAt(i, ctx);
        const values = [
          d.id,
          d.title,
          d.abstract,
          d.authors,
          d.year,
          d.topics,
          d.crimeTypes,
          d.type,
          d.mime,
          d.size,
          d.sha256,
          d.fileName,
          d.pages,
          d.text,
          d.publishedAt,
        ];
        values.forEach((v, k) => cols[k].push(v));
        words += d.words;
        textBytes += d.text.length;
      }
      await pool.query(SEED_SQL, [...cols, uploaderId]);
      done += cols[0].length;
      onProgress?.(done);
    }
  };
  await Promise.all([worker(), worker()]);
  return { inserted: done, words, textBytes, stoppedEarly };
}

/** The fixed search mix: ~20 queries (words, pairs, prefixes, filters, browsing). */
function searchMix(crossCutting, crimeTypes) {
  const ct = (id) => (crimeTypes.includes(id) ? id : crimeTypes[0]);
  const tp = (id) => (crossCutting.includes(id) ? id : crossCutting[0]);
  const y = new Date().getUTCFullYear() - 3;
  return [
    ['one word, common', 'q=trafficking'],
    ['one word', 'q=cocaine'],
    ['one word', 'q=laundering'],
    ['one word, rare', 'q=ndrangheta'],
    ['one word, not in the library', 'q=zeppelin'],
    ['two words', 'q=money+laundering'],
    ['two words', 'q=county+lines'],
    ['two words', 'q=human+trafficking'],
    ['two words, themes apart', 'q=extortion+procurement'],
    ['three words', 'q=serious+organised+crime'],
    ['prefix', 'q=traff'],
    ['prefix', 'q=corrup'],
    ['prefix, two', 'q=crypto+launder'],
    ['word + topic', `q=exploitation&topic=${tp('victims-vulnerable-groups')}`],
    ['word + crime type', `q=cocaine&crimeType=${ct('drugs')}`],
    ['word + year', `q=fraud&year=${y}`],
    ['word, newest first', 'q=mafia&sort=newest'],
    [
      'two words + crime type + topic',
      `q=money+laundering&crimeType=${ct('money-laundering')}&topic=${tp('markets-networks')}`,
    ],
    ['word + type pdf + year range', `q=ransomware&type=pdf&yearFrom=${y - 5}&yearTo=${y}`],
    ['browse, newest', ''],
    ['browse + topic', `topic=${tp('interventions')}`],
    ['browse + crime type + year', `crimeType=${ct('cyber-crime')}&year=${y}`],
  ].map(([label, query]) => ({ label, query }));
}

// ---------------------------------------------------------------------------------------
// The step

/**
 * ctx: { root, main, jwtSecret, adminEmail, adminPassword, config, startTimeoutMs,
 * freshTempDir, say, step }; config: see CONFIG.library in bench/run.mjs.
 */
export async function libraryStep(ctx) {
  const { config: C, say, step } = ctx;
  const stepStarted = performance.now();
  const left = () => C.budgetMs - (performance.now() - stepStarted);
  const notes = [];
  const note = (text) => {
    notes.push(text);
    step(`NOTE: ${text}`);
  };

  // Sizes, scaled to the free disk space.
  let size = C.mb * MiB;
  let parallelSize = C.parallelMb * MiB;
  const P = C.parallel;
  let freeBytes = NaN;
  try {
    const fs = statfsSync(tmpdir());
    freeBytes = fs.bavail * fs.bsize;
  } catch {
    // unknown: go ahead
  }
  // Counted as if the app kept every file it got (a deleted document's file may stay until the
  // app's hourly sweep); the bare server's go after each round. With the defaults: 12 GiB.
  const needed = () =>
    C.rounds * size + P * parallelSize + Math.max(size, P * parallelSize) + 2 * GiB;
  if (Number.isFinite(freeBytes) && freeBytes < needed()) {
    const was = [size, parallelSize, needed()];
    parallelSize = Math.max(
      16 * MiB,
      Math.floor((freeBytes - C.rounds * size - 2 * GiB) / (2 * P) / MiB) * MiB,
    );
    if (freeBytes < needed()) {
      const scaled = Math.floor((freeBytes - 2 * GiB) / (C.rounds + 2 * P) / MiB) * MiB;
      size = Math.max(16 * MiB, scaled);
      parallelSize = size;
    }
    note(
      `only ${mib(freeBytes)} free in ${tmpdir()} (${mib(was[2])} wanted for ${sizeText(was[0])} uploads and ${P}× ${sizeText(was[1])} at once): ` +
        `scaled to ${sizeText(size)} and ${P}× ${sizeText(parallelSize)}`,
    );
  }
  const maxUploadMb = Math.max(2048, Math.ceil(Math.max(size, parallelSize) / MiB) + 1);

  say(
    `\n5. Library: upload ${sizeText(size)} (${C.rounds} round(s) each), ${P}× ${sizeText(parallelSize)} at once, ` +
      `download, ${C.ranges} ranges — app against a bare node:http server (${C.bareMode}), alternating; ` +
      `then search over ${int(C.docs)} seeded documents (budget ${Math.round(C.budgetMs / 1000)} s)`,
  );

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
    pgDir = ctx.freshTempDir('ocvrn-bench-lib-');
    const pgs = await startPostgres(join(pgDir, 'postgres'));
    serverUrl = pgs.url;
    pgPid = pgs.pid;
    stopPg = pgs.stop;
    database = 'embedded (fresh cluster)';
  }
  const dbName = `ocvrn_lib_bench_${process.pid}`;
  const db = await createDatabase(serverUrl, dbName);
  step(`PostgreSQL: ${database}, database ${dbName} (${fmtS((performance.now() - t) / 1000)})`);

  // The app, with its own DATA_DIR.
  const appDir = ctx.freshTempDir('ocvrn-bench-lib-app-');
  const dataDir = join(appDir, 'data');
  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  const app = spawnNode(ctx.main, {
    name: 'app (library)',
    cwd: ctx.root,
    env: appEnv({
      PORT: String(appPort),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: db.url,
      JWT_SECRET: ctx.jwtSecret,
      ADMIN_EMAIL: ctx.adminEmail,
      ADMIN_PASSWORD: ctx.adminPassword,
      MAX_UPLOAD_MB: String(maxUploadMb),
      ACCESS_TOKEN_TTL: '7200',
      SECURE_COOKIES: 'false',
      AUTH_RATE_LIMIT: '100000',
      LOG_LEVEL: 'warn',
    }),
  });
  const stopApp = stopOnCleanup(app, {});
  const appHealthy = await waitHealthy(app, appUrl, { timeoutMs: ctx.startTimeoutMs });
  step(`app up and migrated in ${fmtS(appHealthy.ms / 1000)} (MAX_UPLOAD_MB=${maxUploadMb})`);
  const appParts = join(dataDir, 'tmp', 'uploads');
  const storageRoot = join(dataDir, 'documents');

  // The bare server, serving its own uploads and the app's stored files.
  const bareDir = ctx.freshTempDir('ocvrn-bench-lib-bare-');
  const bare = spawnNode(BARE, {
    name: 'bare file server',
    cwd: ctx.root,
    env: {
      ...process.env,
      BARE_DIR: bareDir,
      BARE_SERVE_ROOT: storageRoot,
      BARE_MODE: C.bareMode,
      BARE_MAX_BYTES: String(maxUploadMb * MiB),
    },
  });
  const stopBare = stopOnCleanup(bare, { graceMs: 5_000 });
  const bareLine = await waitForLine(bare, /BARE_READY \d+/, 20_000);
  const barePort = Number(/BARE_READY (\d+)/.exec(bareLine)[1]);
  const bareParts = join(bareDir, 'tmp');
  step(`bare file server on 127.0.0.1:${barePort} (${C.bareMode})`);

  // A member who uploads, signs in with a password.
  const pool = new pg.Pool({ connectionString: db.url, max: 2, application_name: 'ocvrn-bench' });
  pool.on('error', () => undefined);
  const member = {
    email: `bench-librarian-${process.pid}@ocvrn.example.org`,
    password: randomBytes(12).toString('base64url'),
  };
  const {
    rows: [{ id: memberId }],
  } = await pool.query(
    `INSERT INTO users (email, password_hash, name, organisation, sector, country, statement,
                        status, roles, decided_at)
     VALUES ($1, $2, 'Bench Librarian', 'University of Leeds', 'academia', 'GB',
             'Library uploader (bench)', 'approved', '{member}', now())
     RETURNING id`,
    [member.email, await hashSeedPassword(member.password)],
  );
  const login = await jsonRequest(`${appUrl}/api/auth/login`, { method: 'POST', body: member });
  if (login.status !== 200) {
    throw new Error(`login: HTTP ${login.status} ${JSON.stringify(login.json).slice(0, 300)}`);
  }
  const auth = { authorization: `Bearer ${login.json.accessToken}` };

  // The content, and each file's hash, made before anything is timed.
  t = performance.now();
  pattern2();
  makeFile(size, 'warm');
  if (parallelSize !== size) makeFile(parallelSize, 'warm');
  step(`content generator ready; body hashed in ${fmtS((performance.now() - t) / 1000)}`);

  const settle = async () => {
    // Dirty pages of the last round written back, so each round starts alike.
    const s = performance.now();
    spawnSync('sync', { timeout: 60_000 });
    await sleep(300);
    return performance.now() - s;
  };
  const cpuSnap = () => ({
    appThreads: threadCpu(app.pid),
    bareThreads: threadCpu(bare.pid),
    app: cpuMsOf(app.pid),
    bare: cpuMsOf(bare.pid),
    client: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    pg: cpuTreeSnapshot(pgPid),
  });
  const cpuDiff = (a, b) => ({
    // By thread, user / system: where a server's CPU went (main thread, libuv pool, GC helpers,
    // the inspection worker).
    appThreads: threadCpuBetween(a.appThreads, b.appThreads),
    bareThreads: threadCpuBetween(a.bareThreads, b.bareThreads),
    app: b.app - a.app,
    bare: b.bare - a.bare,
    client: b.client - a.client,
    postgres: cpuMsBetween(a.pg, b.pg),
  });
  const deleteApp = (id) =>
    jsonRequest(`${appUrl}/api/documents/${id}`, { method: 'DELETE', headers: auth }).catch(
      () => null,
    );
  const deleteBare = (sha) =>
    jsonRequest(`http://127.0.0.1:${barePort}/files/${sha}`, { method: 'DELETE' }).catch(
      () => null,
    );

  /** One timed upload round of `count` files at once to the app or the bare server. */
  const uploadRound = async (kind, round, fileSize, count) => {
    const files = Array.from({ length: count }, (_, i) =>
      makeFile(fileSize, `${kind}-${round}${count > 1 ? `-${i + 1}` : ''}`),
    );
    const settleMs = await settle();
    const pid = kind === 'app' ? app.pid : bare.pid;
    const before = cpuSnap();
    const watcher = watch(pid, kind === 'app' ? appParts : bareParts, fileSize, count);
    const t0 = performance.now();
    const results = await Promise.all(
      files.map((file) =>
        uploadOnce({
          port: kind === 'app' ? appPort : barePort,
          path: kind === 'app' ? '/api/documents' : '/upload',
          headers: kind === 'app' ? auth : {},
          fields: { title: `Bench upload ${file.tag}`, marking: 'OFFICIAL' },
          file,
          timeoutMs: C.requestTimeoutMs,
        }).catch((err) => ({ error: err.message, t0, bytes: file.size })),
      ),
    );
    const endAt = Math.max(...results.map((r) => r.endAt ?? performance.now()));
    const watched = watcher.stop();
    const cpu = cpuDiff(before, cpuSnap());
    const ok = results.map((r, i) => {
      const expected = files[i];
      const got = r.json ?? {};
      const status = r.status ?? null;
      const good = status === 201;
      return {
        status,
        error: r.error ?? (good ? null : `HTTP ${status}: ${JSON.stringify(got).slice(0, 300)}`),
        sha256Matches: got.sha256 === expected.sha256,
        sizeMatches: Number(got.size) === expected.size,
        documentStatus: got.status ?? null,
        id: got.id ?? null,
        sha256: expected.sha256,
        sentMs: r.sentAt - r.t0,
        responseMs: r.responseAt - r.t0,
        totalMs: r.endAt - r.t0,
      };
    });
    const partTimes = watched.parts;
    const receivedAll =
      partTimes.length >= count ? Math.max(...partTimes.map((p) => p.receivedAt)) : NaN;
    const movedAll = partTimes.length >= count ? Math.max(...partTimes.map((p) => p.goneAt)) : NaN;
    const bytes = fileSize * count;
    const seconds = (endAt - t0) / 1000;
    const receivedMs = receivedAll - t0;
    const x = {
      kind,
      round,
      files: count,
      fileBytes: fileSize,
      complete: ok.every((o) => !o.error && o.sha256Matches && o.sizeMatches),
      uploads: ok,
      seconds,
      mibPerSecond: bytes / MiB / seconds,
      sentMs: Math.max(...ok.map((o) => o.sentMs)),
      receivedMs,
      receiveMibPerSecond: bytes / MiB / (receivedMs / 1000),
      // App: the temporary file moved into storage after detection and inspection.
      storedMs: movedAll - t0,
      afterReceiveMs: Math.max(0, endAt - receivedAll),
      partsSeen: partTimes.length,
      rss: watched.rss,
      cpuMs: cpu,
      settleMs,
    };
    Object.defineProperty(x, 'fileObjects', { value: files, enumerable: false });
    return x;
  };

  const uploadLine = (x) => {
    const problems = x.uploads.filter((u) => u.error || !u.sha256Matches || !u.sizeMatches);
    const statuses =
      x.kind === 'app'
        ? ` [${[...new Set(x.uploads.map((u) => u.documentStatus))].join(', ')}]`
        : '';
    const phases =
      x.kind === 'app'
        ? `received ${ms(x.receivedMs)} (${rate(x.receiveMibPerSecond)}), stored ${ms(x.storedMs)} (detection + inspection ${ms(x.storedMs - x.receivedMs)}), answered ${ms(x.seconds * 1000)} (database ${ms(x.seconds * 1000 - x.storedMs)})`
        : `received ${ms(x.receivedMs)} (${rate(x.receiveMibPerSecond)}), answered ${ms(x.seconds * 1000)}`;
    return (
      `${x.kind.padEnd(4)} round ${x.round}: ${x.files > 1 ? `${x.files}× ` : ''}${sizeText(x.fileBytes)} in ${fmtS(x.seconds)} = ${rate(x.mibPerSecond)}${statuses}` +
      `${problems.length ? ` — ${problems.length} FAILED: ${problems[0].error ?? 'hash/size mismatch'}` : ''}\n` +
      `      last byte sent ${ms(x.sentMs)}, ${phases}\n` +
      `      RSS ${mib(x.rss.baselineBytes)} → peak ${mib(x.rss.peakBytes)} (+${mib(x.rss.growthBytes)}; +${mib(x.rss.receivingGrowthBytes)} while receiving); ` +
      `CPU ${x.kind} ${fmtS(x.cpuMs[x.kind] / 1000)}, bench client ${fmtS(x.cpuMs.client / 1000)}`
    );
  };

  const results = {
    database,
    bareMode: C.bareMode,
    downloadCheck: C.downloadHash
      ? 'each byte compared with the generator, and sha256 of the body'
      : 'each byte compared with the generator as it arrives',
    sizes: {
      uploadBytes: size,
      parallelBytesEach: parallelSize,
      parallel: P,
      freeBytes,
      maxUploadMb,
    },
    upload: null,
    parallel: null,
    download: null,
    ranges: null,
    search: null,
    notes,
  };
  const rounds = {
    upload: { app: [], bare: [] },
    parallel: { app: [], bare: [] },
    download: { app: [], bare: [] },
  };
  let kept = null; // the app's document from the first round: the download and range target
  // Seeding runs at ~400 documents a second here (2 cores, 1,200 words each).
  const searchReserveMs = () => C.docs * 3 + C.searchSeconds * 1000 + 20_000;

  try {
    // a. Single uploads, round 1 (bare, app); later rounds after the other phases if time allows.
    const runUploadPair = async (r) => {
      const order = r % 2 === 1 ? ['bare', 'app'] : ['app', 'bare'];
      const started = performance.now();
      for (const kind of order) {
        const x = await uploadRound(kind, r, size, 1);
        rounds.upload[kind].push(x);
        step(uploadLine(x));
        const u = x.uploads[0];
        if (kind === 'app' && u.id) {
          if (!kept && x.complete) kept = { id: u.id, sha256: u.sha256, file: x.fileObjects[0] };
          else await deleteApp(u.id);
        }
        if (kind === 'bare' && u.sha256Matches) await deleteBare(u.sha256);
      }
      return performance.now() - started;
    };
    const pairMs = await runUploadPair(1);

    // c. Downloads (round 1), then d. ranges: need the kept document.
    const downloadPair = async (r) => {
      const order = r % 2 === 1 ? ['bare', 'app'] : ['app', 'bare'];
      for (const kind of order) {
        await settle();
        // Both servers start from the page cache: this VM reclaims idle cache pages (kdamond),
        // and a read from disk costs a download seconds of CPU at random.
        warmFile(join(storageRoot, kept.sha256.slice(0, 2), kept.sha256.slice(2, 4), kept.sha256));
        const pid = kind === 'app' ? app.pid : bare.pid;
        const before = cpuSnap();
        const watcher = watch(pid, '/nonexistent', Infinity);
        let res;
        const check = verifier(kept.file);
        try {
          res = await rawDownload({
            port: kind === 'app' ? appPort : barePort,
            path:
              kind === 'app' ? `/api/documents/${kept.id}/download` : `/documents/${kept.sha256}`,
            headers: kind === 'app' ? auth : {},
            verify: check,
            hash: C.downloadHash,
            timeoutMs: C.requestTimeoutMs,
          });
        } catch (err) {
          res = { error: err.message };
        }
        const watched = watcher.stop();
        const cpu = cpuDiff(before, cpuSnap());
        const seconds = (res.endAt - res.t0) / 1000;
        const x = {
          kind,
          round: r,
          status: res.status ?? null,
          error: res.error ?? (res.status === 200 ? null : `HTTP ${res.status}`),
          bytes: res.bytes ?? 0,
          // Byte for byte against the generator; and the hash too when BENCH_LIBRARY_DOWNLOAD_HASH=1.
          identical:
            check.identical &&
            res.bytes === size &&
            (!C.downloadHash || res.sha256 === kept.sha256),
          mismatchAt: check.mismatchAt,
          contentLength: Number(res.headers?.['content-length'] ?? NaN),
          etag: res.headers?.etag ?? null,
          seconds,
          mibPerSecond: (res.bytes ?? 0) / MiB / seconds,
          firstByteMs: res.firstByteAt - res.t0,
          rss: watched.rss,
          cpuMs: cpu,
        };
        rounds.download[kind].push(x);
        step(
          `${kind.padEnd(4)} download ${r}: ${sizeText(x.bytes)} in ${fmtS(x.seconds)} = ${rate(x.mibPerSecond)}, first byte ${ms(x.firstByteMs)}, ` +
            `${x.identical ? 'byte-identical' : `NOT identical${x.error ? ` (${x.error})` : ''}`}; ` +
            `RSS ${mib(x.rss.baselineBytes)} → peak ${mib(x.rss.peakBytes)} (+${mib(x.rss.growthBytes)}); CPU ${kind} ${fmtS(x.cpuMs[kind] / 1000)}, bench client ${fmtS(x.cpuMs.client / 1000)}`,
        );
      }
    };
    if (!kept) {
      note('no app document was uploaded: downloads and ranges skipped');
    } else {
      await downloadPair(1);
      results.ranges = await rangeCheck({
        port: appPort,
        id: kept.id,
        auth,
        file: kept.file,
        count: C.ranges,
        deadline: performance.now() + Math.min(60_000, Math.max(5_000, left() - searchReserveMs())),
        step,
      });
    }

    // b. Parallel uploads (bare, app), if they fit beside the search.
    const parallelEstimateMs = (pairMs * P * parallelSize) / size;
    if (left() - searchReserveMs() > parallelEstimateMs) {
      for (const kind of ['bare', 'app']) {
        const x = await uploadRound(kind, 1, parallelSize, P);
        rounds.parallel[kind].push(x);
        step(uploadLine(x));
        for (const u of x.uploads) {
          if (kind === 'app' && u.id) await deleteApp(u.id);
          if (kind === 'bare' && u.sha256Matches) await deleteBare(u.sha256);
        }
      }
    } else {
      note(
        `parallel uploads skipped: about ${fmtS(parallelEstimateMs / 1000)} needed, ${fmtS((left() - searchReserveMs()) / 1000)} left before the search (raise BENCH_LIBRARY_BUDGET)`,
      );
    }

    // Further rounds of uploads and downloads, while they fit.
    for (let r = 2; r <= C.rounds; r++) {
      if (left() - searchReserveMs() < pairMs * 1.2) {
        note(`${r - 1} of ${C.rounds} upload rounds: the next would pass the step's budget`);
        break;
      }
      await runUploadPair(r);
      if (kept) await downloadPair(r);
    }
  } catch (err) {
    note(`transfer phases stopped: ${err.message}`);
  }

  // Summaries of the transfer phases.
  results.upload = summariseUploads(rounds.upload, C.targets.uploadRatio);
  results.parallel = summariseUploads(rounds.parallel, null);
  if (results.parallel) {
    results.parallel.targetRssMiB = C.targets.parallelRssMiB;
    results.parallel.rssTargetMet =
      results.parallel.app.rss.growthBytes / MiB < C.targets.parallelRssMiB;
  }
  results.download = summariseDownloads(rounds.download, C.targets.downloadRatio);
  results.rounds = rounds;

  // The stored files go before the search (disk, and the library holds just the seeded set).
  if (kept) await deleteApp(kept.id);

  // e. Search.
  try {
    results.search = await searchPhase({
      C,
      pool,
      dbUrl: db.url,
      appPort,
      auth,
      memberId,
      pgPid,
      appPid: app.pid,
      left,
      note,
      step,
    });
  } catch (err) {
    note(`search stopped: ${err.message}`);
  }

  // Teardown.
  await pool.end().catch(() => undefined);
  await stopBare();
  await stopApp();
  await db.drop();
  await stopPg();
  removeTempDir(appDir);
  removeTempDir(bareDir);
  if (pgDir) removeTempDir(pgDir);

  results.stepSeconds = (performance.now() - stepStarted) / 1000;
  results.appProblemLines = app.problems;
  results.bareProblemLines = bare.problems;
  if (app.problems.length)
    step(`the app printed ${app.problems.length} warning/error lines (in the JSON)`);
  return results;
}

// ---------------------------------------------------------------------------------------
// d. Ranges

async function rangeCheck({ port, id, auth, file, count, deadline, step }) {
  const size = file.size;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const path = `/api/documents/${id}/download`;
  const rng = mulberry32(SEED + 7);
  const maxLen = 4 * MiB;
  const logLen = () =>
    Math.max(1, Math.min(maxLen, Math.floor(Math.exp(rng() * Math.log(maxLen)))));
  const specs = [
    ['0-0', 0, 0],
    ['-1', size - 1, size - 1],
    [`${size - 1}-`, size - 1, size - 1],
    [`0-${maxLen - 1}`, 0, Math.min(maxLen, size) - 1],
    // Across the pattern's first repeat and across the body's end into the last line.
    [`${PATTERN_BYTES - 100}-${PATTERN_BYTES + 100}`, PATTERN_BYTES - 100, PATTERN_BYTES + 100],
    [`${size - TRAILER_BYTES - 1000}-${size - 1}`, size - TRAILER_BYTES - 1000, size - 1],
  ];
  while (specs.length < count) {
    const r = rng();
    const len = Math.min(size, logLen());
    if (r < 0.15) {
      specs.push([`-${len}`, size - len, size - 1]);
    } else if (r < 0.25) {
      const start = size - len;
      specs.push([`${start}-`, start, size - 1]);
    } else {
      const start = Math.floor(rng() * (size - len + 1));
      // Now and then an end past the file: the answer stops at the last byte.
      const end = rng() < 0.03 ? start + len + 1000 : start + len - 1;
      specs.push([`${start}-${end}`, start, Math.min(end, size - 1)]);
    }
  }
  const latencies = [];
  const failures = [];
  let matched = 0;
  let bytes = 0;
  let done = 0;
  for (const [spec, start, end] of specs.slice(0, count)) {
    if (performance.now() > deadline) break;
    done++;
    try {
      const r = await getOnce({
        port,
        path,
        headers: { ...auth, range: `bytes=${spec}` },
        agent,
        keep: true,
      });
      latencies.push(r.endAt - r.t0);
      bytes += r.bytes;
      const wantRange = `bytes ${start}-${end}/${size}`;
      const problems = [];
      if (r.status !== 206) problems.push(`HTTP ${r.status}`);
      if (r.headers['content-range'] !== wantRange)
        problems.push(`Content-Range ${r.headers['content-range']} (want ${wantRange})`);
      if (Number(r.headers['content-length']) !== end - start + 1)
        problems.push(`Content-Length ${r.headers['content-length']}`);
      if (r.status === 206 && !r.body.equals(sliceOf(file, start, end)))
        problems.push('bytes differ');
      if (problems.length === 0) matched++;
      else if (failures.length < 10) failures.push({ range: spec, problems });
    } catch (err) {
      if (failures.length < 10) failures.push({ range: spec, problems: [err.message] });
    }
  }
  agent.destroy();
  const s = sortedCopy(latencies);
  const result = {
    requested: count,
    done,
    matched,
    bytes,
    latency: {
      p50: percentile(s, 50),
      p95: percentile(s, 95),
      p99: percentile(s, 99),
      max: s.length ? s[s.length - 1] : NaN,
    },
    failures,
    cutShort: done < count ? `${done} of ${count}: the step's budget` : null,
  };
  step(
    `ranges: ${matched} / ${done} matched (206, Content-Range, bytes)${done < count ? ` of ${count} planned` : ''}, ` +
      `${mib(bytes)} in all; latency p50 ${ms(result.latency.p50)}, p95 ${ms(result.latency.p95)}, max ${ms(result.latency.max)}` +
      `${failures.length ? `; first failure ${failures[0].range}: ${failures[0].problems.join(', ')}` : ''}`,
  );
  return result;
}

// ---------------------------------------------------------------------------------------
// e. Search

async function searchPhase({
  C,
  pool,
  dbUrl,
  appPort,
  auth,
  memberId,
  pgPid,
  appPid,
  left,
  note,
  step,
}) {
  const { rows: topicRows } = await pool.query(`SELECT id, "group" FROM topics ORDER BY position`);
  const crossCutting = topicRows.filter((r) => r.group === 'cross-cutting').map((r) => r.id);
  const crimeTypes = topicRows.filter((r) => r.group === 'crime-type').map((r) => r.id);
  if (!crossCutting.length || !crimeTypes.length) throw new Error('the topics table is empty');

  // Seeding, bounded: it stops early (with a note) rather than eat the load's time.
  const loadMs = C.searchSeconds * 1000 + 10_000;
  if (left() < loadMs + 10_000) {
    note(`search skipped: ${fmtS(left() / 1000)} left of the step's budget`);
    return null;
  }
  let t = performance.now();
  let lastPrint = t;
  const seeded = await seedLibrary(pool, {
    count: C.docs,
    uploaderId: memberId,
    crossCutting,
    crimeTypes,
    deadline: performance.now() + left() - loadMs,
    onProgress: (n) => {
      if (performance.now() - lastPrint > 10_000) {
        lastPrint = performance.now();
        step(`  seeded ${int(n)} / ${int(C.docs)} documents…`);
      }
    },
  });
  const insertSeconds = (performance.now() - t) / 1000;
  if (seeded.stoppedEarly)
    note(
      `seeding stopped at ${int(seeded.inserted)} of ${int(C.docs)} documents: the step's budget`,
    );
  t = performance.now();
  await pool.query('VACUUM (ANALYZE) documents, document_versions');
  const vacuumSeconds = (performance.now() - t) / 1000;
  const {
    rows: [sizes],
  } = await pool.query(
    `SELECT pg_total_relation_size('documents') AS documents,
            pg_total_relation_size('document_versions') AS versions,
            pg_relation_size('documents_search_idx') AS gin,
            (SELECT count(*)::int FROM documents WHERE status = 'published') AS published`,
  );
  const seeding = {
    documents: seeded.inserted,
    published: sizes.published,
    words: seeded.words,
    meanWords: seeded.words / Math.max(1, seeded.inserted),
    textBytes: seeded.textBytes,
    insertSeconds,
    vacuumAnalyzeSeconds: vacuumSeconds,
    documentsTableBytes: Number(sizes.documents),
    versionsTableBytes: Number(sizes.versions),
    searchIndexBytes: Number(sizes.gin),
  };
  step(
    `seeded ${int(seeding.documents)} documents (${int(Math.round(seeding.meanWords))} words each on average, ${mib(seeding.textBytes)} of text) ` +
      `in ${fmtS(insertSeconds)} + VACUUM ANALYZE ${fmtS(vacuumSeconds)}; documents ${mib(seeding.documentsTableBytes)}, ` +
      `versions ${mib(seeding.versionsTableBytes)}, GIN index ${mib(seeding.searchIndexBytes)}`,
  );

  // The mix: each query once alone (warm-up; totals), then under load.
  const mix = searchMix(crossCutting, crimeTypes);
  const agent = new http.Agent({ keepAlive: true, maxSockets: C.searchConcurrency });
  // `fresh`: Cache-Control: no-cache, so the app computes every answer rather than serve one
  // from its answer cache.
  const ask = async (query, fresh) => {
    const r = await getOnce({
      port: appPort,
      path: `/api/documents${query ? `?${query}` : ''}`,
      headers: fresh ? { ...auth, 'cache-control': 'no-cache' } : auth,
      agent,
      keep: true,
      timeoutMs: 30_000,
    });
    let total = null;
    let items = null;
    if (r.status === 200) {
      const body = JSON.parse(r.body.toString('utf8'));
      total = body.total;
      items = body.items.length;
    }
    return {
      status: r.status,
      ms: r.endAt - r.t0,
      total,
      items,
      error: r.status === 200 ? null : r.body.toString('utf8').slice(0, 200),
    };
  };
  const perQuery = [];
  for (const entry of mix) {
    const first = await ask(entry.query, true);
    const alone = await ask(entry.query, true);
    perQuery.push({
      ...entry,
      total: alone.total,
      items: alone.items,
      aloneMs: alone.ms,
      firstMs: first.ms,
      error: alone.error,
    });
  }
  const errors = perQuery.filter((q) => q.error);
  if (errors.length)
    note(
      `search: ${errors.length} queries answered with an error, e.g. ${errors[0].label}: ${errors[0].error}`,
    );

  // Under load twice for the same time: every answer computed (no-cache), then as members
  // get them, from the app's answer cache, while one document changes every CHANGE_MS (each
  // change makes every answer asked after it computed afresh once; a library changes far
  // less often than that: an upload or a review now and then).
  const CHANGE_MS = 5000;
  const seconds = Math.max(2, Math.min(C.searchSeconds, (left() - 8_000) / 2000));
  const loadPass = async (fresh) => {
    const deadline = performance.now() + seconds * 1000;
    const before = { app: cpuMsOf(appPid), pg: cpuTreeSnapshot(pgPid) };
    const latencies = [];
    const samples = perQuery.map(() => []);
    let next = 0;
    let failed = 0;
    let changes = 0;
    const changer = fresh
      ? null
      : setInterval(() => {
          pool
            .query(
              `UPDATE documents SET updated_at = now()
                WHERE id = (SELECT id FROM documents ORDER BY id OFFSET $1 LIMIT 1)`,
              [changes % 100],
            )
            .then(
              () => changes++,
              () => undefined,
            );
        }, CHANGE_MS);
    const t0 = performance.now();
    const worker = async () => {
      while (next < C.searchRequests * (fresh ? 1 : 10) && performance.now() < deadline) {
        const i = next++;
        try {
          const r = await ask(perQuery[i % perQuery.length].query, fresh);
          if (r.status !== 200) failed++;
          latencies.push(r.ms);
          samples[i % perQuery.length].push(r.ms);
        } catch {
          failed++;
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: C.searchConcurrency }, worker));
    } finally {
      if (changer) clearInterval(changer);
    }
    const loadSeconds = (performance.now() - t0) / 1000;
    const cpu = {
      app: cpuMsOf(appPid) - before.app,
      postgres: cpuMsBetween(before.pg, cpuTreeSnapshot(pgPid)),
    };
    const s = sortedCopy(latencies);
    const load = {
      cached: !fresh,
      documentChanges: changes,
      changeEveryMs: fresh ? null : CHANGE_MS,
      requests: latencies.length,
      failed,
      seconds: loadSeconds,
      throughput: latencies.length / loadSeconds,
      latency: {
        p50: percentile(s, 50),
        p95: percentile(s, 95),
        p99: percentile(s, 99),
        max: s.length ? s[s.length - 1] : NaN,
      },
      cpuMsPerRequest: {
        app: cpu.app / latencies.length,
        postgres: cpu.postgres / latencies.length,
      },
    };
    step(
      `search under load${fresh ? ', every answer computed' : `, answer cache on, ${changes} document changes`}: ` +
        `${int(load.requests)} requests in ${fmtS(loadSeconds)} at concurrency ${C.searchConcurrency} = ${load.throughput.toFixed(0)} req/s; ` +
        `p50 ${ms(load.latency.p50)}, p95 ${ms(load.latency.p95)}, p99 ${ms(load.latency.p99)}${failed ? `; ${failed} FAILED` : ''}`,
    );
    return { load, samples };
  };
  const uncached = await loadPass(true);
  const cached = await loadPass(false);
  agent.destroy();
  perQuery.forEach((q, i) => {
    const qs = sortedCopy(uncached.samples[i]);
    q.p50Ms = percentile(qs, 50);
    q.p95Ms = percentile(qs, 95);
    q.requests = qs.length;
    const cs = sortedCopy(cached.samples[i]);
    q.cachedP50Ms = percentile(cs, 50);
    q.cachedP95Ms = percentile(cs, 95);
    delete q.samples;
  });
  const load = uncached.load;
  const cachedLoad = cached.load;

  // EXPLAIN of one representative search, its SQL made by the app's own repository.
  let explain = null;
  try {
    explain = await explainSearch(dbUrl, 'q=money+laundering');
  } catch (err) {
    note(`EXPLAIN failed: ${err.message}`);
  }
  return {
    seeding,
    concurrency: C.searchConcurrency,
    mixSize: mix.length,
    load,
    cachedLoad,
    perQuery,
    explain,
  };
}

async function explainSearch(dbUrl, query) {
  const root = join(BENCH_DIR, '..', 'dist', 'apps', 'api', 'src', 'modules');
  const { DocumentsRepository } = require(join(root, 'documents', 'documents.repository.js'));
  const { toPrefixQuery } = require(join(root, 'members', 'member-search.sql.js'));
  const captured = [];
  // A stand-in data source that records the statements (a text search runs them in a
  // transaction after SET LOCAL enable_seqscan = off, which is not recorded).
  const manager = {
    query: async (text, values) => {
      if (/^SET LOCAL/.test(text)) return [];
      captured.push({ text, values });
      return /count\(\*\)/.test(text) ? [{ total: 0 }] : [];
    },
  };
  const repo = new DocumentsRepository({ ...manager, transaction: (fn) => fn(manager) });
  const q = new URLSearchParams(query).get('q');
  // DocumentsService.list for a member: published only, relevance, the default page of 20.
  await repo.search(
    {
      statuses: ['published'],
      tsquery: toPrefixQuery(q),
      sort: 'relevance',
      sortByPublished: true,
    },
    20,
  );
  const client = new pg.Client({
    connectionString: dbUrl,
    application_name: 'ocvrn-bench-explain',
  });
  await client.connect();
  const parts = [];
  let withoutSnippetsMs = NaN;
  try {
    // As the app runs a text search: with sequential scans off for it.
    await client.query('SET enable_seqscan = off');
    // The page statement once more without its ts_headline: what the snippets cost.
    const page = captured[0];
    const bare = page.text.replace(/ts_headline\([\s\S]*?\) AS snippet/, 'NULL AS snippet');
    if (bare !== page.text) {
      const sql = `EXPLAIN (ANALYZE) ${bare}`;
      await client.query(sql, page.values);
      const { rows } = await client.query(sql, page.values);
      const m = /Execution Time: ([\d.]+) ms/.exec(rows.map((r) => r['QUERY PLAN']).join('\n'));
      withoutSnippetsMs = m ? Number(m[1]) : NaN;
    }
    for (const [i, { text, values }] of captured.entries()) {
      const sql = `EXPLAIN (ANALYZE, BUFFERS) ${text}`;
      await client.query(sql, values); // once to warm
      const { rows } = await client.query(sql, values);
      const lines = rows.map((r) => r['QUERY PLAN']);
      const exec = /Execution Time: ([\d.]+) ms/.exec(lines.join('\n'));
      parts.push({
        part: i === 0 ? 'page (with snippets)' : 'count',
        executionMs: exec ? Number(exec[1]) : NaN,
        usesSearchIndex: lines.some((l) => /documents_search_idx/.test(l)),
        seqScanOnDocuments: lines.some((l) => /Seq Scan on documents/.test(l)),
        plan: lines,
      });
    }
  } finally {
    await client.end().catch(() => undefined);
  }
  // The same two statements as the planner would run them left to itself (sequential scans
  // allowed): what turning them off saves.
  const forced = {};
  const c2 = new pg.Client({ connectionString: dbUrl, application_name: 'ocvrn-bench-explain' });
  await c2.connect();
  try {
    for (const [i, { text, values }] of captured.entries()) {
      const sql = `EXPLAIN (ANALYZE) ${text}`;
      await c2.query(sql, values);
      const { rows } = await c2.query(sql, values);
      const lines = rows.map((r) => r['QUERY PLAN']);
      const m = /Execution Time: ([\d.]+) ms/.exec(lines.join('\n'));
      forced[i === 0 ? 'pageMs' : 'countMs'] = m ? Number(m[1]) : NaN;
      forced[i === 0 ? 'pageUsesIndex' : 'countUsesIndex'] = lines.some((l) =>
        /documents_search_idx/.test(l),
      );
    }
  } finally {
    await c2.end().catch(() => undefined);
  }
  return {
    query,
    tsquery: toPrefixQuery(q),
    parts,
    pageWithoutSnippetsMs: withoutSnippetsMs,
    plannerOwnChoice: forced,
  };
}

// ---------------------------------------------------------------------------------------
// Summaries

function rssOf(xs) {
  return {
    baselineBytes: median(xs.map((x) => x.rss.baselineBytes)),
    peakBytes: Math.max(...xs.map((x) => x.rss.peakBytes)),
    growthBytes: Math.max(...xs.map((x) => x.rss.growthBytes)),
    receivingGrowthBytes: Math.max(...xs.map((x) => x.rss.receivingGrowthBytes ?? NaN)),
    kernelPeakReset: xs.every((x) => x.rss.kernelPeakBytes != null),
  };
}

/** Median CPU seconds per GiB: main thread user / system, other threads user / system. */
function cpuSplit(xs, kind, gib) {
  const m = (f) => median(xs.map((x) => f(x.cpuMs[`${kind}Threads`]) / 1000 / gib(x)));
  return {
    mainUser: m((t) => t.mainThread.userMs),
    mainSystem: m((t) => t.mainThread.systemMs),
    otherUser: m((t) => t.otherThreads.userMs),
    otherSystem: m((t) => t.otherThreads.systemMs),
  };
}

const splitText = (c) =>
  c
    ? `main thread ${x2(c.mainUser)} user + ${x2(c.mainSystem)} sys, other threads ${x2(c.otherUser)} + ${x2(c.otherSystem)}`
    : 'n/a';

function summariseUploads(sides, targetRatio) {
  if (!sides.app.length || !sides.bare.length) return null;
  const side = (xs, kind) => {
    const ok = xs.filter((x) => x.complete);
    const m = (f) => median(ok.map(f));
    return {
      rounds: xs.length,
      completeRounds: ok.length,
      files: xs[0].files,
      fileBytes: xs[0].fileBytes,
      mibPerSecond: m((x) => x.mibPerSecond),
      eachMibPerSecond: xs.map((x) => x.mibPerSecond),
      seconds: m((x) => x.seconds),
      sentMs: m((x) => x.sentMs),
      receivedMs: m((x) => x.receivedMs),
      receiveMibPerSecond: m((x) => x.receiveMibPerSecond),
      storedMs: kind === 'app' ? m((x) => x.storedMs) : null,
      afterReceiveMs: m((x) => x.afterReceiveMs),
      cpuSecondsPerGiB: m((x) => x.cpuMs[kind] / 1000 / ((x.fileBytes * x.files) / GiB)),
      cpuSplitPerGiB: cpuSplit(ok, kind, (x) => (x.fileBytes * x.files) / GiB),
      clientCpuSecondsPerGiB: m((x) => x.cpuMs.client / 1000 / ((x.fileBytes * x.files) / GiB)),
      documentStatuses:
        kind === 'app'
          ? [...new Set(xs.flatMap((x) => x.uploads.map((u) => u.documentStatus)))]
          : null,
      rss: rssOf(xs),
    };
  };
  const app = side(sides.app, 'app');
  const bare = side(sides.bare, 'bare');
  const ratio = {
    endToEnd: app.mibPerSecond / bare.mibPerSecond,
    receive: app.receiveMibPerSecond / bare.receiveMibPerSecond,
  };
  return {
    app,
    bare,
    ratio,
    targetRatio,
    targetMet:
      targetRatio == null ? null : Number.isFinite(ratio.receive) && ratio.receive >= targetRatio,
  };
}

function summariseDownloads(sides, targetRatio) {
  if (!sides.app.length || !sides.bare.length) return null;
  const side = (xs, kind) => {
    const ok = xs.filter((x) => !x.error && x.identical);
    const m = (f) => median(ok.map(f));
    return {
      rounds: xs.length,
      identicalRounds: ok.length,
      mibPerSecond: m((x) => x.mibPerSecond),
      eachMibPerSecond: xs.map((x) => x.mibPerSecond),
      seconds: m((x) => x.seconds),
      firstByteMs: m((x) => x.firstByteMs),
      cpuSecondsPerGiB: m((x) => x.cpuMs[kind] / 1000 / (x.bytes / GiB)),
      cpuSplitPerGiB: cpuSplit(ok, kind, (x) => x.bytes / GiB),
      clientCpuSecondsPerGiB: m((x) => x.cpuMs.client / 1000 / (x.bytes / GiB)),
      rss: rssOf(xs),
    };
  };
  const app = side(sides.app, 'app');
  const bare = side(sides.bare, 'bare');
  const ratio = app.mibPerSecond / bare.mibPerSecond;
  return {
    app,
    bare,
    ratio,
    targetRatio,
    targetMet: Number.isFinite(ratio) && ratio >= targetRatio,
  };
}

// ---------------------------------------------------------------------------------------
// Printing

/** Where the time goes, after the step's own lines. */
export function libraryReport(r) {
  const lines = [];
  const u = r.upload;
  if (u) {
    const a = u.app;
    const b = u.bare;
    lines.push(
      `Library, upload of ${sizeText(a.fileBytes)} (medians over rounds; MiB/s = MiB per second from the request's start):`,
      `  app : ${fmtS(a.seconds)} = body received ${ms(a.receivedMs)} (${rate(a.receiveMibPerSecond)}; last byte sent at ${ms(a.sentMs)}), ` +
        `then detection + inspection until stored ${ms(a.storedMs - a.receivedMs)}, database and answer ${ms(a.seconds * 1000 - a.storedMs)}`,
      `  bare: ${fmtS(b.seconds)} = body received ${ms(b.receivedMs)} (${rate(b.receiveMibPerSecond)}; last byte sent at ${ms(b.sentMs)}), answered ${ms(b.afterReceiveMs)} later`,
      `  CPU s per GiB: app ${x2(a.cpuSecondsPerGiB)} (${splitText(a.cpuSplitPerGiB)}); bare ${x2(b.cpuSecondsPerGiB)} (${splitText(b.cpuSplitPerGiB)}); bench client ${x2(a.clientCpuSecondsPerGiB)} / ${x2(b.clientCpuSecondsPerGiB)}`,
      `  ratio app / bare: end to end ${x2(u.ratio.endToEnd)}, receiving ${x2(u.ratio.receive)}`,
      `  RSS: app ${mib(a.rss.baselineBytes)} idle, peak +${mib(a.rss.growthBytes)} (+${mib(a.rss.receivingGrowthBytes)} while receiving, sampled); bare ${mib(b.rss.baselineBytes)}, peak +${mib(b.rss.growthBytes)}` +
        `${a.rss.kernelPeakReset ? ' (kernel high-water mark, reset before each round)' : ' (sampled every 20 ms)'}`,
    );
  }
  const p = r.parallel;
  if (p) {
    lines.push(
      `Library, ${p.app.files} uploads of ${sizeText(p.app.fileBytes)} at once:`,
      `  app : ${fmtS(p.app.seconds)} = ${rate(p.app.mibPerSecond)} aggregate; all bodies received ${ms(p.app.receivedMs)} (${rate(p.app.receiveMibPerSecond)}), all stored ${ms(p.app.storedMs)}; RSS peak +${mib(p.app.rss.growthBytes)} (+${mib(p.app.rss.receivingGrowthBytes)} while receiving)`,
      `  bare: ${fmtS(p.bare.seconds)} = ${rate(p.bare.mibPerSecond)} aggregate; all bodies received ${ms(p.bare.receivedMs)} (${rate(p.bare.receiveMibPerSecond)}); RSS peak +${mib(p.bare.rss.growthBytes)}`,
      `  ratio app / bare: end to end ${x2(p.ratio.endToEnd)}, receiving ${x2(p.ratio.receive)}`,
      `  CPU s per GiB: app ${x2(p.app.cpuSecondsPerGiB)} (${splitText(p.app.cpuSplitPerGiB)}); bare ${x2(p.bare.cpuSecondsPerGiB)} (${splitText(p.bare.cpuSplitPerGiB)})`,
    );
  }
  const d = r.download;
  if (d) {
    lines.push(
      `Library, download: app ${rate(d.app.mibPerSecond)} (first byte ${ms(d.app.firstByteMs)}, CPU ${x2(d.app.cpuSecondsPerGiB)} s/GiB, RSS +${mib(d.app.rss.growthBytes)}), ` +
        `bare ${rate(d.bare.mibPerSecond)} (first byte ${ms(d.bare.firstByteMs)}, CPU ${x2(d.bare.cpuSecondsPerGiB)} s/GiB, RSS +${mib(d.bare.rss.growthBytes)}); ratio ${x2(d.ratio)}; ` +
        `bench client CPU ${x2(d.app.clientCpuSecondsPerGiB)} s/GiB (${r.downloadCheck})`,
      `  CPU s per GiB: app ${splitText(d.app.cpuSplitPerGiB)}; bare ${splitText(d.bare.cpuSplitPerGiB)}`,
    );
  }
  const s = r.search;
  if (s) {
    lines.push(
      `Library search, per query (${int(s.seeding.documents)} documents; ms alone / p50 / p95 under load, every answer computed / p50 / p95 under load with the answer cache; total = matches):`,
    );
    for (const q of s.perQuery) {
      lines.push(
        `  ${`${q.label} [${q.query || 'no parameters'}]`.slice(0, 78).padEnd(78)} ${String(q.total ?? '-').padStart(6)}  ${ms(q.aloneMs).padStart(8)} ${ms(q.p50Ms).padStart(8)} ${ms(q.p95Ms).padStart(8)}  ${ms(q.cachedP50Ms).padStart(8)} ${ms(q.cachedP95Ms).padStart(8)}${q.error ? `  ERROR ${q.error.slice(0, 80)}` : ''}`,
      );
    }
    for (const [label, l] of [
      ['every answer computed', s.load],
      [`answer cache, ${s.cachedLoad?.documentChanges} document changes`, s.cachedLoad],
    ]) {
      if (!l) continue;
      lines.push(
        `  under load, ${label}: ${l.throughput.toFixed(0)} req/s, p50 ${ms(l.latency.p50)}, p95 ${ms(l.latency.p95)}, p99 ${ms(l.latency.p99)}; ` +
          `CPU per request: app ${ms(l.cpuMsPerRequest.app)}, PostgreSQL ${ms(l.cpuMsPerRequest.postgres)}`,
      );
    }
    if (s.explain) {
      lines.push(
        `EXPLAIN (ANALYZE, BUFFERS) of GET /api/documents?${s.explain.query} (tsquery '${s.explain.tsquery}'), the app's SQL as the app runs it (sequential scans off):`,
      );
      const f = s.explain.plannerOwnChoice ?? {};
      lines.push(
        `  the page statement without its ts_headline snippets: ${ms(s.explain.pageWithoutSnippetsMs)}; ` +
          `left to the planner (sequential scans allowed): page ${ms(f.pageMs)}${f.pageUsesIndex ? ' (GIN)' : ' (no GIN)'}, count ${ms(f.countMs)}${f.countUsesIndex ? ' (GIN)' : ' (no GIN)'}`,
      );
      for (const part of s.explain.parts) {
        lines.push(
          `  ${part.part}: ${ms(part.executionMs)}; ${part.usesSearchIndex ? 'uses documents_search_idx (GIN)' : 'does NOT use documents_search_idx'}${part.seqScanOnDocuments ? '; Seq Scan on documents' : ''}`,
        );
        for (const l of part.plan) lines.push(`    ${l}`);
      }
    }
  }
  if (r.notes.length) lines.push(`Library notes:\n${r.notes.map((n) => `  - ${n}`).join('\n')}`);
  return lines.join('\n');
}

/** Rows of the summary table. */
export function librarySummaryRows(r) {
  const rows = [];
  const met = (v) => (v == null ? 'n/a' : v ? 'met' : 'NOT met');
  const u = r.upload;
  if (u) {
    rows.push([
      `Library upload ${sizeText(u.app.fileBytes)}, app: end to end; body received (median of ${u.app.rounds})`,
      `${rate(u.app.mibPerSecond)} (${fmtS(u.app.seconds)}); ${rate(u.app.receiveMibPerSecond)} (${fmtS(u.app.receivedMs / 1000)})`,
    ]);
    rows.push([
      `Library upload, bare node:http + busboy + sha256 (median of ${u.bare.rounds})`,
      `${rate(u.bare.mibPerSecond)} (${fmtS(u.bare.seconds)}); ${rate(u.bare.receiveMibPerSecond)} (${fmtS(u.bare.receivedMs / 1000)})`,
    ]);
    rows.push([
      'Library upload, app after the body: detection + inspection; database + answer',
      `${ms(u.app.storedMs - u.app.receivedMs)}; ${ms(u.app.seconds * 1000 - u.app.storedMs)}`,
    ]);
    rows.push([
      'Library upload, ratio app / bare: receiving; end to end',
      `${x2(u.ratio.receive)}; ${x2(u.ratio.endToEnd)}`,
    ]);
    rows.push([
      'Library upload, RSS peak growth: app (while receiving) / bare',
      `+${mib(u.app.rss.growthBytes)} (+${mib(u.app.rss.receivingGrowthBytes)}) / +${mib(u.bare.rss.growthBytes)}`,
    ]);
    rows.push([`Target: app upload (receiving) ≥ ${u.targetRatio}× bare`, met(u.targetMet)]);
  }
  const p = r.parallel;
  if (p) {
    rows.push([
      `Library ${p.app.files}× ${sizeText(p.app.fileBytes)} at once, aggregate: app / bare (end to end)`,
      `${rate(p.app.mibPerSecond)} / ${rate(p.bare.mibPerSecond)} (ratio ${x2(p.ratio.endToEnd)})`,
    ]);
    rows.push([
      `Library ${p.app.files} at once, bodies received: app / bare`,
      `${rate(p.app.receiveMibPerSecond)} / ${rate(p.bare.receiveMibPerSecond)} (ratio ${x2(p.ratio.receive)})`,
    ]);
    rows.push([
      `Library ${p.app.files} at once, RSS peak growth: app (while receiving) / bare`,
      `+${mib(p.app.rss.growthBytes)} (+${mib(p.app.rss.receivingGrowthBytes)}) / +${mib(p.bare.rss.growthBytes)}`,
    ]);
    rows.push([
      `Target: app RSS growth < ${p.targetRssMiB} MiB with ${p.app.files} uploads`,
      met(p.rssTargetMet),
    ]);
  }
  const d = r.download;
  if (d) {
    rows.push([
      `Library download ${sizeText(r.sizes.uploadBytes)}: app / bare (median of ${d.app.rounds})`,
      `${rate(d.app.mibPerSecond)} / ${rate(d.bare.mibPerSecond)} (ratio ${x2(d.ratio)})`,
    ]);
    rows.push([
      'Library download, RSS peak growth app / bare; byte-identical rounds',
      `+${mib(d.app.rss.growthBytes)} / +${mib(d.bare.rss.growthBytes)}; ${d.app.identicalRounds}/${d.app.rounds} app, ${d.bare.identicalRounds}/${d.bare.rounds} bare`,
    ]);
    rows.push([`Target: app download ≥ ${d.targetRatio}× bare`, met(d.targetMet)]);
  }
  const g = r.ranges;
  if (g) {
    rows.push([
      `Library ranges: 206 + Content-Range + bytes identical (of ${g.requested})`,
      `${g.matched} / ${g.done}; p50 ${ms(g.latency.p50)}, p95 ${ms(g.latency.p95)}`,
    ]);
  }
  const s = r.search;
  if (s) {
    rows.push([
      `Library search: ${int(s.seeding.documents)} documents seeded (INSERT with search vector + VACUUM ANALYZE)`,
      `${fmtS(s.seeding.insertSeconds)} + ${fmtS(s.seeding.vacuumAnalyzeSeconds)}`,
    ]);
    rows.push([
      `Library search GET /api/documents, every answer computed (no-cache): req/s (${int(s.load.requests)} requests, concurrency ${s.concurrency}, ${s.mixSize} queries)`,
      `${s.load.throughput.toFixed(0)} req/s`,
    ]);
    rows.push([
      'Library search, every answer computed, p50 / p95 / p99 under load',
      `${ms(s.load.latency.p50)} / ${ms(s.load.latency.p95)} / ${ms(s.load.latency.p99)}`,
    ]);
    rows.push([
      'Library search CPU per request: app; PostgreSQL',
      `${ms(s.load.cpuMsPerRequest.app)}; ${ms(s.load.cpuMsPerRequest.postgres)}`,
    ]);
    if (s.cachedLoad) {
      const c = s.cachedLoad;
      rows.push([
        `Library search with the answer cache, a document changed every ${c.changeEveryMs / 1000} s: req/s (${int(c.requests)} requests)`,
        `${c.throughput.toFixed(0)} req/s (${c.documentChanges} changes)`,
      ]);
      rows.push([
        'Library search with the answer cache, p50 / p95 / p99 under load',
        `${ms(c.latency.p50)} / ${ms(c.latency.p95)} / ${ms(c.latency.p99)}`,
      ]);
    }
    if (s.explain) {
      rows.push([
        `Library search EXPLAIN (${s.explain.query}): page; count`,
        s.explain.parts
          .map((p) => `${ms(p.executionMs)} ${p.usesSearchIndex ? 'GIN' : 'no GIN'}`)
          .join('; ') + ` (page without snippets ${ms(s.explain.pageWithoutSnippetsMs)})`,
      ]);
    }
  }
  if (r.notes.length) rows.push(['Library notes', `${r.notes.length} (see above / JSON)`]);
  return rows;
}
