#!/usr/bin/env node
// The newsletter benchmark's baseline: a bare nodemailer loop sending one issue to every
// recipient through the same SMTP sink, with the app's composition and the app's
// concurrency, and nothing else (no database, no framework).
//
//  - Each message is built with the app's own newsletterMail() from the built
//    dist/apps/api/src/modules/newsletters/newsletter.mail.js, with the recipient's
//    unsubscribe token from dist/.../unsubscribe-token.js and the same secret and
//    PUBLIC_URL: the same bytes the app sends.
//  - The transport is the app's: createTransport({ url, pool: true, maxConnections: 5,
//    maxMessages: Infinity }, { from }), one for the life of the process.
//  - Batches of 100 composed then sent with Promise.all, one batch after another, as
//    MailService.drain() does; header values made one line as MailService.sendOne() does.
//
// Env: BARE_INPUT, a JSON file { smtpUrl, mailFrom, publicUrl, secret, batch, connections,
// issues: [{ id, title, summary, body, html }], recipients: [{ id, email }] }.
// Prints `BARE_READY <recipients>` once loaded. Then reads commands on stdin, one a line:
// `go <issue index>` sends that issue to every recipient and prints `BARE_DONE <json>`;
// `exit` (or stdin closing) closes the transport and exits.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createTransport } from 'nodemailer';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const NEWSLETTERS = join(ROOT, 'dist', 'apps', 'api', 'src', 'modules', 'newsletters');
const require = createRequire(import.meta.url);
const { newsletterMail } = require(join(NEWSLETTERS, 'newsletter.mail.js'));
const { unsubscribeToken } = require(join(NEWSLETTERS, 'unsubscribe-token.js'));

const input = JSON.parse(readFileSync(process.env.BARE_INPUT, 'utf8'));
const { smtpUrl, mailFrom, publicUrl, secret, issues, recipients } = input;
const BATCH = input.batch ?? 100;

/** As MailService's oneLine(): header values are one line. */
function oneLine(value) {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\r\n\u0000-\u001f]+/g, ' ').trim();
}

const transport = createTransport(
  { url: smtpUrl, pool: true, maxConnections: input.connections ?? 5, maxMessages: Infinity },
  { from: mailFrom },
);

async function sendOne(to, mail) {
  try {
    await transport.sendMail({
      from: mailFrom,
      to,
      subject: oneLine(mail.subject),
      text: mail.text,
      html: mail.html ?? undefined,
      headers: Object.fromEntries(
        Object.entries(mail.headers ?? {}).map(([k, v]) => [oneLine(k), oneLine(v)]),
      ),
    });
    return null;
  } catch (err) {
    return err.message;
  }
}

async function sendIssue(issue) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let sent = 0;
  let failed = 0;
  const errors = [];
  for (let from = 0; from < recipients.length; from += BATCH) {
    const batch = recipients.slice(from, from + BATCH);
    // Composed first, then sent together, as the app composes a claimed batch.
    const mails = batch.map((r) =>
      newsletterMail(issue, r.email, { publicUrl, token: unsubscribeToken(secret, r.id) }),
    );
    const outcomes = await Promise.all(batch.map((r, i) => sendOne(r.email, mails[i])));
    for (const e of outcomes) {
      if (e === null) sent++;
      else {
        failed++;
        if (errors.length < 5) errors.push(e);
      }
    }
  }
  const elapsedMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return {
    sent,
    failed,
    errors,
    elapsedMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    rssBytes: process.memoryUsage.rss(),
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

console.log(`BARE_READY ${recipients.length}`);

let busy = Promise.resolve();
let closed = false;
function close() {
  if (closed) return;
  closed = true;
  void busy.finally(() => {
    transport.close();
    process.exit(0);
  });
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const [cmd, arg] = line.trim().split(/\s+/);
  if (cmd === 'exit') return close();
  if (cmd !== 'go') return undefined;
  const issue = issues[Number(arg)];
  busy = busy.then(async () => {
    if (!issue) {
      console.log(`BARE_DONE ${JSON.stringify({ error: `no issue ${arg}` })}`);
      return;
    }
    const result = await sendIssue(issue).catch((err) => ({ error: err.message }));
    console.log(`BARE_DONE ${JSON.stringify(result)}`);
  });
  return undefined;
});
lines.on('close', close);
process.once('SIGTERM', close);
process.once('SIGINT', close);
