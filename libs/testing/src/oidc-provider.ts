import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(__dirname, '../../..');
const SCRIPT = join(ROOT, 'test/support/oidc-provider.mjs');

/** A client registered at the test provider (OpenID Connect client metadata). */
export interface TestOidcClient {
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
  /** Default `client_secret_basic` with a secret, `none` without. */
  token_endpoint_auth_method?: string;
}

/** An account at the test provider: `username` is typed on its sign-in page. */
export interface TestOidcAccount {
  sub: string;
  username: string;
  email?: string;
  /** Sent as given (a provider may send a string, or nothing). */
  email_verified?: boolean | string;
  name?: string;
  given_name?: string;
  family_name?: string;
}

export interface TestOidcProvider {
  /** http://127.0.0.1:<port> */
  issuer: string;
  addClient(client: TestOidcClient): Promise<void>;
  addAccount(account: TestOidcAccount): Promise<void>;
  /** What the provider printed on stderr. */
  output(): string;
  close(): Promise<void>;
}

export interface TestOidcProviderOptions {
  /** Put the email and profile claims only at the userinfo endpoint, not in the ID token. */
  userinfoClaims?: boolean;
}

/**
 * A real OpenID Provider (`oidc-provider`, in its own process: it is ESM-only) on a free
 * loopback port: authorization code flow with PKCE required, a sign-in page asking for a
 * username. Clients and accounts are added while it runs (a client's redirect URI names the
 * app's port, known only once the app, configured with this issuer, has started).
 */
export async function startOidcProvider(
  options: TestOidcProviderOptions = {},
): Promise<TestOidcProvider> {
  const child = spawn(
    process.execPath,
    [SCRIPT, ...(options.userinfoClaims ? ['--userinfo-claims'] : [])],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: process.env.PATH } },
  );
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  let ready: (issuer: string) => void = () => undefined;
  const started = new Promise<string>((r) => (ready = r));
  createInterface({ input: child.stdout }).on('line', (line) => {
    let message: { ready?: boolean; issuer?: string; id?: number; ok?: boolean; error?: string };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      stderr += `${line}\n`;
      return;
    }
    if (message.ready && message.issuer) ready(message.issuer);
    const waiter = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiter || message.id === undefined) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve();
    else waiter.reject(new Error(`test provider refused: ${message.error}`));
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`test provider not ready in 15 s:\n${stderr}`)),
      15_000,
    );
  });
  const died = exited.then((code) => {
    throw new Error(`test provider exited (${code}):\n${stderr}`);
  });
  died.catch(() => undefined);
  const issuer = await Promise.race([started, timeout, died])
    .catch((err: unknown) => {
      child.kill('SIGKILL');
      throw err;
    })
    .finally(() => clearTimeout(timer));

  let nextId = 1;
  const send = (op: string, payload: Record<string, unknown>) =>
    new Promise<void>((resolveSend, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolveSend, reject });
      child.stdin.write(`${JSON.stringify({ id, op, ...payload })}\n`);
    });

  return {
    issuer,
    addClient: (client) => send('client', { client }),
    addAccount: (account) => send('account', { account }),
    output: () => stderr,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.stdin.end();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

interface StoredCookie {
  name: string;
  value: string;
  host: string;
  path: string;
  expires: number;
}

/**
 * An HTTP client that keeps cookies as a browser does (per host, whatever the port; by path;
 * until they expire) and never follows redirects by itself, so a test sees every hop of a
 * redirect chain through the app and a provider.
 */
export class HttpAgent {
  private cookies: StoredCookie[] = [];

  /** One request; `Set-Cookie` answers are kept. */
  async request(
    url: string | URL,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const target = new URL(url);
    const headers: Record<string, string> = { ...init.headers };
    const cookie = this.cookieHeader(target);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(target, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      body,
      redirect: 'manual',
    });
    for (const line of res.headers.getSetCookie()) this.store(target, line);
    return res;
  }

  /**
   * Follows redirects from `url` (GET) until an answer that is not a redirect, or a URL that
   * `stop` accepts (not fetched). Answers the last response, or null when stopped, and the URL.
   */
  async follow(
    url: string | URL,
    stop: (url: URL) => boolean = () => false,
    max = 10,
  ): Promise<{ url: URL; res: Response | null }> {
    let current = new URL(url);
    for (let hop = 0; hop < max; hop++) {
      if (stop(current)) return { url: current, res: null };
      const res = await this.request(current);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { url: current, res };
      await res.arrayBuffer();
      current = new URL(location, current);
    }
    throw new Error(`more than ${max} redirects from ${String(url)}`);
  }

  /** The value of a live cookie `name` that a request to `url` would carry. */
  cookie(url: string | URL, name: string): string | undefined {
    const target = new URL(url);
    return this.live().find((c) => c.name === name && this.matches(c, target))?.value;
  }

  private live(): StoredCookie[] {
    const now = Date.now();
    this.cookies = this.cookies.filter((c) => c.expires > now);
    return this.cookies;
  }

  private matches(c: StoredCookie, url: URL): boolean {
    const path = url.pathname;
    const prefix = c.path.endsWith('/') ? c.path : `${c.path}/`;
    return c.host === url.hostname && (path === c.path || path.startsWith(prefix));
  }

  private cookieHeader(url: URL): string {
    return this.live()
      .filter((c) => this.matches(c, url))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  private store(url: URL, line: string): void {
    const [pair, ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq < 1) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const defaultPath = url.pathname.slice(0, url.pathname.lastIndexOf('/')) || '/';
    const cookie: StoredCookie = {
      name,
      value,
      host: url.hostname,
      path: defaultPath,
      expires: Infinity,
    };
    for (const attribute of attributes) {
      const [key, ...rest] = attribute.split('=');
      const v = rest.join('=').trim();
      switch (key.trim().toLowerCase()) {
        case 'path':
          if (v.startsWith('/')) cookie.path = v;
          break;
        case 'max-age':
          cookie.expires = Date.now() + Number(v) * 1000;
          break;
        case 'expires':
          if (cookie.expires === Infinity) cookie.expires = Date.parse(v);
          break;
      }
    }
    this.cookies = this.cookies.filter(
      (c) => !(c.name === name && c.host === cookie.host && c.path === cookie.path),
    );
    if (cookie.expires > Date.now() && value !== '') this.cookies.push(cookie);
  }
}

/**
 * Signs in at the test provider's page, as a person would: from the app's
 * `/api/auth/sso/:id/start` answer (a redirect to the provider) through the provider's sign-in
 * form with `username`, back through the app's callback, stopping at the SPA's
 * `/sso/complete` (not fetched) or `stopAt`. Answers that URL; the agent then holds the cookies.
 */
export async function signInAtProvider(
  agent: HttpAgent,
  authorizationUrl: string | URL,
  username: string,
  options: {
    /** `abort`: press the provider's Cancel button instead. */
    action?: 'login' | 'abort';
    /** Where to stop (not fetched); default the SPA's `/sso/complete`. */
    stopAt?: (url: URL) => boolean;
  } = {},
): Promise<URL> {
  const action = options.action ?? 'login';
  const stopAt = options.stopAt ?? ((u: URL) => u.pathname.startsWith('/sso/complete'));
  const atForm = await agent.follow(authorizationUrl);
  if (!atForm.res || atForm.res.status !== 200) {
    throw new Error(`no sign-in page at ${atForm.url.href}: ${atForm.res?.status}`);
  }
  await atForm.res.text();
  const match = /^\/interaction\/([^/]+)$/.exec(atForm.url.pathname);
  if (!match) throw new Error(`not a sign-in page: ${atForm.url.href}`);
  const posted = await agent.request(new URL(`${atForm.url.pathname}/${action}`, atForm.url), {
    form: action === 'login' ? { username } : {},
  });
  const location = posted.headers.get('location');
  if (posted.status !== 303 || !location) {
    throw new Error(`sign-in at the provider failed: ${posted.status} ${await posted.text()}`);
  }
  const done = await agent.follow(new URL(location, atForm.url), stopAt);
  if (done.res) {
    throw new Error(
      `the flow ended at ${done.url.href} (${done.res.status}): ${await done.res.text()}`,
    );
  }
  return done.url;
}
