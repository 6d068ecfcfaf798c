#!/usr/bin/env node
// The newsletter benchmark's SMTP sink: a real SMTP server (the `smtp-server` package) on
// loopback that accepts every message, keeps nothing but counts (messages, bytes, distinct
// recipients, arrival times) and the first message of a run, and reports them over HTTP.
// No authentication (authOptional), no STARTTLS, no reverse lookups. The app and the bare
// sender both deliver here.
//
// HTTP (loopback, the port printed at start):
//   POST /arm                  zero the counts and start the clock of a run
//   GET  /stats                { count, bytes, recipients, firstMs, lastMs, connections, … }
//                              (times in ms since /arm, on this process's clock)
//   GET  /wait?count=N&ms=T    the same, once `count` reaches N or after T ms (at most 30 s)
//   GET  /times                every arrival time of the run (ms since /arm), in order
//   GET  /first                the first message of the run, raw (for a sanity check)
//
// Prints `SINK_READY <smtpPort> <httpPort>` when both listen. Exits on SIGTERM/SIGINT, or
// when its stdin closes (the bench went away).
import { createServer } from 'node:http';
import { SMTPServer } from 'smtp-server';

const now = () => performance.now();

let run = null;
function arm() {
  run = {
    armedAt: now(),
    count: 0,
    bytes: 0,
    recipients: new Set(),
    times: [],
    connections: 0,
    first: null,
  };
}
arm();

const waiters = new Set();
function wake() {
  for (const w of waiters) if (run.count >= w.count) w.done();
}

function stats() {
  const t = run.times;
  return {
    count: run.count,
    bytes: run.bytes,
    recipients: run.recipients.size,
    connections: run.connections,
    firstMs: t.length ? t[0] : null,
    lastMs: t.length ? t[t.length - 1] : null,
    sinceArmMs: now() - run.armedAt,
    rssBytes: process.memoryUsage.rss(),
  };
}

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  disableReverseLookup: true,
  logger: false,
  banner: 'ocvrn bench sink',
  // Idle pooled connections stay open between rounds (the app's and the bare sender's alike).
  socketTimeout: 15 * 60_000,
  onConnect(_session, callback) {
    run.connections++;
    callback();
  },
  onData(stream, session, callback) {
    const mine = run;
    const keep = mine.first === null;
    const chunks = [];
    let size = 0;
    stream.on('data', (chunk) => {
      size += chunk.length;
      if (keep) chunks.push(chunk);
    });
    stream.on('end', () => {
      if (mine === run) {
        run.count++;
        run.bytes += size;
        for (const r of session.envelope.rcptTo) run.recipients.add(r.address.toLowerCase());
        run.times.push(now() - run.armedAt);
        if (keep && run.first === null) run.first = Buffer.concat(chunks).toString('utf8');
        wake();
      }
      callback();
    });
  },
});
smtp.on('error', (err) => console.error(`sink SMTP error: ${err.message}`));

function send(res, status, body, type = 'application/json') {
  const text = type === 'application/json' ? JSON.stringify(body) : body;
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(text);
}

const http = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://sink');
  if (req.method === 'POST' && url.pathname === '/arm') {
    arm();
    return send(res, 200, { ok: true });
  }
  if (req.method !== 'GET') return send(res, 405, { error: 'method' });
  switch (url.pathname) {
    case '/stats':
      return send(res, 200, stats());
    case '/times':
      return send(res, 200, run.times);
    case '/first':
      return send(res, 200, run.first ?? '', 'text/plain; charset=utf-8');
    case '/wait': {
      const count = Number(url.searchParams.get('count') ?? 0);
      const ms = Math.min(30_000, Math.max(0, Number(url.searchParams.get('ms') ?? 5000)));
      if (run.count >= count) return send(res, 200, stats());
      const w = {
        count,
        done: () => {
          clearTimeout(w.timer);
          waiters.delete(w);
          send(res, 200, stats());
        },
      };
      w.timer = setTimeout(w.done, ms);
      waiters.add(w);
      req.on('close', () => {
        clearTimeout(w.timer);
        waiters.delete(w);
      });
      return undefined;
    }
    default:
      return send(res, 404, { error: 'not found' });
  }
});

const listen = (server, address) =>
  new Promise((resolve, reject) => {
    address.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(address.address().port));
  });

const smtpPort = await listen(smtp, smtp.server);
const httpPort = await listen(http, http);
console.log(`SINK_READY ${smtpPort} ${httpPort}`);

let closing = false;
function shutdown() {
  if (closing) return;
  closing = true;
  for (const w of waiters) w.done();
  http.close();
  http.closeAllConnections?.();
  smtp.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
process.stdin.on('end', shutdown);
process.stdin.on('error', shutdown);
process.stdin.resume();
