#!/usr/bin/env node
// The bare file server the library step of `npm run bench` compares the app with: node:http,
// no framework, no auth, no database. It receives an upload the way the app does (the
// multipart body parsed by @fastify/busboy, the parser under @fastify/multipart; or the raw
// body with BARE_MODE=raw), streams the file part to a temporary file while counting and
// hashing it (sha256, through a Transform as the app's receive-upload.ts does), then moves it
// to BARE_DIR/files/<sha256> and answers JSON. It serves files with fs.createReadStream and a
// Content-Length, either its own or, for a side-by-side download, the app's stored file under
// BARE_SERVE_ROOT/ab/cd/<sha256> (the very bytes the app serves).
//
//   POST   /upload                 multipart/form-data (fields, then `file`) → 201 {sha256, size, fields}
//   GET    /documents/<sha256>     BARE_SERVE_ROOT/ab/cd/<sha256> → 200, whole file
//   GET    /files/<sha256>         BARE_DIR/files/<sha256> → 200, whole file
//   DELETE /files/<sha256>         removes one of its files → 204
//
// Environment: BARE_DIR (required), BARE_SERVE_ROOT, BARE_MODE (multipart | raw),
// BARE_MAX_BYTES (largest file, default 2 GiB). Loopback only; prints BARE_READY <port>.
import Busboy from '@fastify/busboy';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, statSync } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import http from 'node:http';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const DIR = process.env.BARE_DIR;
if (!DIR) {
  console.error('BARE_DIR is required');
  process.exit(2);
}
const SERVE_ROOT = process.env.BARE_SERVE_ROOT || null;
const MODE = process.env.BARE_MODE === 'raw' ? 'raw' : 'multipart';
const MAX_BYTES = Number(process.env.BARE_MAX_BYTES) || 2 * 1024 ** 3;
const TMP = join(DIR, 'tmp');
const FILES = join(DIR, 'files');
mkdirSync(TMP, { recursive: true });
mkdirSync(FILES, { recursive: true });
const SHA = /^[0-9a-f]{64}$/;

/** Counts and hashes bytes on their way to disk (as the app's Digest does). */
class Digest extends Transform {
  hash = createHash('sha256');
  size = 0;
  _transform(chunk, _enc, done) {
    this.hash.update(chunk);
    this.size += chunk.length;
    done(null, chunk);
  }
}

function json(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Streams `source` through the digest to a temporary file, then moves it under its hash. */
async function store(source) {
  const tmp = join(TMP, `${process.pid}-${randomUUID()}.part`);
  const digest = new Digest();
  try {
    await pipeline(source, digest, createWriteStream(tmp, { flags: 'wx', mode: 0o600 }));
    const sha256 = digest.hash.digest('hex');
    await rename(tmp, join(FILES, sha256));
    return { sha256, size: digest.size };
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

function receiveMultipart(req) {
  return new Promise((resolve, reject) => {
    const fields = {};
    let stored = null;
    let failed = false;
    const fail = (err) => {
      if (failed) return;
      failed = true;
      req.unpipe();
      req.resume();
      reject(err);
    };
    let busboy;
    try {
      busboy = new Busboy({
        headers: req.headers,
        limits: { files: 1, fileSize: MAX_BYTES, fields: 120, fieldSize: 16 * 1024 },
      });
    } catch (err) {
      reject(err);
      return;
    }
    busboy.on('field', (name, value) => {
      fields[name] = value;
    });
    busboy.on('file', (name, file) => {
      if (name !== 'file' || stored) {
        file.resume();
        return;
      }
      stored = store(file);
      stored.catch(fail);
    });
    busboy.on('error', fail);
    busboy.on('finish', () => {
      if (!stored) return fail(Object.assign(new Error('no file part'), { status: 400 }));
      stored.then((file) => !failed && resolve({ ...file, fields }), fail);
    });
    req.on('aborted', () => fail(new Error('request aborted')));
    req.pipe(busboy);
  });
}

async function upload(req, res) {
  const t0 = performance.now();
  const result =
    MODE === 'raw' ? { ...(await store(req)), fields: {} } : await receiveMultipart(req);
  json(res, 201, { ...result, mode: MODE, serverMs: performance.now() - t0 });
}

function serve(res, path) {
  let size;
  try {
    size = statSync(path).size;
  } catch {
    return json(res, 404, { error: 'no such file' });
  }
  const stream = createReadStream(path);
  stream.once('open', () => {
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': size,
    });
    stream.pipe(res);
  });
  stream.once('error', (err) => {
    if (!res.headersSent) json(res, 500, { error: err.message });
    else res.destroy(err);
  });
  res.once('close', () => stream.destroy());
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const [, kind, key] = url.pathname.split('/');
  if (req.method === 'POST' && url.pathname === '/upload') {
    upload(req, res).catch((err) => {
      if (!res.headersSent) json(res, err.status ?? 500, { error: err.message });
      else res.destroy();
    });
    return;
  }
  if (req.method === 'GET' && kind === 'documents' && SHA.test(key ?? '') && SERVE_ROOT) {
    return serve(res, join(SERVE_ROOT, key.slice(0, 2), key.slice(2, 4), key));
  }
  if (req.method === 'GET' && kind === 'files' && SHA.test(key ?? '')) {
    return serve(res, join(FILES, key));
  }
  if (req.method === 'DELETE' && kind === 'files' && SHA.test(key ?? '')) {
    unlink(join(FILES, key)).then(
      () => {
        res.writeHead(204);
        res.end();
      },
      () => json(res, 404, { error: 'no such file' }),
    );
    return;
  }
  json(res, 404, { error: 'not found' });
});
// Large uploads: no request timeout (Fastify's default is none too).
server.requestTimeout = 0;
server.headersTimeout = 60_000;
server.keepAliveTimeout = 5_000;
server.listen(0, '127.0.0.1', () => {
  console.log(`BARE_READY ${server.address().port} ${MODE}`);
});
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
