import { connect } from 'node:net';
import request from 'supertest';
import { signedInAs } from '@testing/factories';
import { startTestApp, type TestApp } from '@testing/test-app';

/**
 * What the log and the error answers give away: a 500's correlation id finds its log lines;
 * errors raised before a route is reached answer problem+json like every other error and do
 * not echo what the client sent.
 */
describe('logs and error answers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('the correlation id of a 500 is on every log line the failure wrote', async () => {
    const { token } = await signedInAs(t.db, t.url, 'member');
    await t.db.query('ALTER TABLE newsletters RENAME TO newsletters_away');
    let res: request.Response;
    try {
      res = await request(t.url).get('/api/newsletters').auth(token, { type: 'bearer' });
    } finally {
      await t.db.query('ALTER TABLE newsletters_away RENAME TO newsletters');
    }
    expect(res.status).toBe(500);
    const id = (JSON.parse(res.text) as { correlationId: string }).correlationId;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((r) => setTimeout(r, 200));
    const lines = t.output().split('\n');
    const failed = lines.filter((l) =>
      /query failed: relation "newsletters" does not exist/.test(l),
    );
    expect(failed.length).toBeGreaterThan(0);
    for (const line of failed) expect(line).toContain(id);
    expect(lines.some((l) => l.includes('[Problem]') && l.includes(id))).toBe(true);
    // The bearer token of the failing request is nowhere in the log.
    expect(t.output()).not.toContain(token);
  });

  it('a malformed URL answers problem+json without echoing it', async () => {
    const res = await request(t.url).patch('/api/members/%E0%A4%A<script>');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code: 'MALFORMED_REQUEST' });
    expect(JSON.stringify(res.body)).not.toContain('script');
  });

  it('an unknown route answers 404 problem+json without echoing the URL', async () => {
    const res = await request(t.url).post('/api/no-such-route-xyzzy');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(res.body)).not.toContain('xyzzy');
  });

  it('a request the HTTP parser refuses answers problem+json and closes', async () => {
    const { port } = new URL(t.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1');
      let text = '';
      socket.on('data', (c) => (text += c.toString()));
      socket.on('error', reject);
      socket.on('close', () => resolve(text));
      socket.write(
        'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
          'Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n{}\r\n',
      );
      setTimeout(() => socket.destroy(), 10_000);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toMatch(/content-type: application\/problem\+json/i);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { code: string };
    expect(body.code).toBe('MALFORMED_REQUEST');
  });
});
