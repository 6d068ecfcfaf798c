// A real OpenID Provider (oidc-provider) on loopback for the single sign-on tests. It runs in
// its own process because oidc-provider is ESM-only, which jest cannot import here.
//
//   node test/support/oidc-provider.mjs [--client-id ID --client-secret SECRET
//        --redirect-uri URI ...] [--userinfo-claims]
//
// When it listens it prints one line of JSON on stdout: {"ready":true,"issuer":"http://127.0.0.1:<port>"}.
// It then reads commands from stdin, one JSON object a line, and answers each on stdout:
//   {"id":1,"op":"client","client":{client_id, client_secret, redirect_uris, ...}} adds or replaces a client;
//   {"id":2,"op":"account","account":{sub, username, email, email_verified, name}} adds or replaces an account;
// answered {"id":1,"ok":true} or {"id":1,"ok":false,"error":"…"}. It exits when stdin closes.
//
// Authorization code flow only, PKCE (S256) required of every client. The sign-in page asks for
// a username (an account added above) and has a "Cancel" button that answers access_denied.
// Claims of the `email` and `profile` scopes go into the ID token, as most workforce providers
// put them; with --userinfo-claims they are only at the userinfo endpoint (the spec's default).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import Provider from 'oidc-provider';

// stdout carries the protocol below; oidc-provider's own notices go to stderr.
for (const level of ['log', 'info', 'warn']) {
  console[level] = (...parts) => process.stderr.write(`${parts.join(' ')}\n`);
}

const { values: args } = parseArgs({
  options: {
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    'redirect-uri': { type: 'string', multiple: true },
    'userinfo-claims': { type: 'boolean', default: false },
  },
});

/** Client metadata by client_id (read by the adapter below, so clients can change at run time). */
const clients = new Map();
/** Accounts by sub, and their subs by username. */
const accounts = new Map();
const usernames = new Map();

function addClient(metadata) {
  if (typeof metadata?.client_id !== 'string' || !metadata.client_id) {
    throw new Error('client_id is required');
  }
  clients.set(metadata.client_id, {
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: metadata.client_secret ? 'client_secret_basic' : 'none',
    redirect_uris: [],
    ...metadata,
  });
}

function addAccount(account) {
  if (typeof account?.sub !== 'string' || typeof account.username !== 'string') {
    throw new Error('sub and username are required');
  }
  const previous = accounts.get(account.sub);
  if (previous) usernames.delete(previous.username);
  accounts.set(account.sub, account);
  usernames.set(account.username, account.sub);
}

if (args['client-id']) {
  addClient({
    client_id: args['client-id'],
    ...(args['client-secret'] ? { client_secret: args['client-secret'] } : {}),
    redirect_uris: args['redirect-uri'] ?? [],
  });
}

/** Storage for the provider's models, in memory; clients come from `clients`. */
const stores = new Map();
const epoch = () => Math.floor(Date.now() / 1000);

class TestAdapter {
  constructor(model) {
    this.model = model;
    if (!stores.has(model)) stores.set(model, new Map());
    this.items = stores.get(model);
  }

  async upsert(id, payload, expiresIn) {
    const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Infinity;
    this.items.set(id, { payload, expiresAt });
  }

  async find(id) {
    if (this.model === 'Client') return clients.get(id);
    const item = this.items.get(id);
    if (!item) return undefined;
    if (item.expiresAt <= Date.now()) {
      this.items.delete(id);
      return undefined;
    }
    return item.payload;
  }

  async findByUid(uid) {
    for (const [id, item] of this.items) if (item.payload.uid === uid) return this.find(id);
    return undefined;
  }

  async findByUserCode(userCode) {
    for (const [id, item] of this.items) {
      if (item.payload.userCode === userCode) return this.find(id);
    }
    return undefined;
  }

  async consume(id) {
    const item = this.items.get(id);
    if (item) item.payload.consumed = epoch();
  }

  async destroy(id) {
    this.items.delete(id);
  }

  async revokeByGrantId(grantId) {
    for (const [id, item] of this.items)
      if (item.payload.grantId === grantId) this.items.delete(id);
  }
}

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res, status, title, body) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} – Test identity provider</title></head>
<body><main><h1>${escape(title)}</h1>${body}</main></body>
</html>`);
}

function loginPage(res, uid, clientId, error) {
  const message = error ? `<p role="alert" id="username-error">${escape(error)}</p>` : '';
  page(
    res,
    error ? 400 : 200,
    'Sign in',
    `<p>The application <strong>${escape(clientId)}</strong> asks you to sign in.</p>${message}
<form method="post" action="/interaction/${escape(uid)}/login">
<p><label for="username">Username</label>
<input id="username" name="username" autocomplete="username" required${error ? ' aria-describedby="username-error"' : ''}></p>
<p><button type="submit">Continue</button></p>
</form>
<form method="post" action="/interaction/${escape(uid)}/abort"><p><button type="submit">Cancel</button></p></form>`,
  );
}

async function formBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 10_000) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };

const provider = new Provider(issuer, {
  adapter: TestAdapter,
  jwks: { keys: [jwk] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
  },
  conformIdTokenClaims: args['userinfo-claims'],
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  responseTypes: ['code'],
  ttl: {
    AccessToken: 600,
    AuthorizationCode: 60,
    Grant: 3600,
    IdToken: 600,
    Interaction: 600,
    Session: 3600,
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(_ctx, sub) {
    const account = accounts.get(sub);
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        const claims = { sub };
        for (const key of ['email', 'email_verified', 'name', 'given_name', 'family_name']) {
          if (account[key] !== undefined) claims[key] = account[key];
        }
        return claims;
      },
    };
  },
  // A first-party provider: the scopes are granted without a consent page.
  async loadExistingGrant(ctx) {
    const grantId =
      ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const existing = await ctx.oidc.provider.Grant.find(grantId);
      if (existing) return existing;
    }
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

const oidc = provider.callback();

server.on('request', (req, res) => {
  const url = new URL(req.url ?? '/', issuer);
  const match = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?$/.exec(url.pathname);
  if (!match) {
    oidc(req, res);
    return;
  }
  const [, uid, action] = match;
  (async () => {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    if (!action && req.method === 'GET') {
      loginPage(res, uid, details.params.client_id);
    } else if (action === 'login' && req.method === 'POST') {
      const form = await formBody(req);
      const sub = usernames.get(form.get('username') ?? '');
      if (!sub) {
        loginPage(res, uid, details.params.client_id, 'There is no account with that username');
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: sub } },
        { mergeWithLastSubmission: false },
      );
    } else if (action === 'abort' && req.method === 'POST') {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The user cancelled the sign-in' },
        { mergeWithLastSubmission: false },
      );
    } else {
      page(res, 405, 'Method not allowed', '');
    }
  })().catch((err) => {
    process.stderr.write(`interaction failed: ${err?.message ?? err}\n`);
    if (!res.headersSent)
      page(res, 400, 'This sign-in cannot continue', `<p>${escape(err?.message ?? err)}</p>`);
  });
});

const answer = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);
createInterface({ input: process.stdin }).on('line', (line) => {
  let command;
  try {
    command = JSON.parse(line);
  } catch {
    answer({ ok: false, error: 'not JSON' });
    return;
  }
  try {
    if (command.op === 'client') addClient(command.client);
    else if (command.op === 'account') addAccount(command.account);
    else throw new Error(`unknown op ${command.op}`);
    answer({ id: command.id, ok: true });
  } catch (err) {
    answer({ id: command.id, ok: false, error: err.message });
  }
});
process.stdin.on('end', () => {
  server.close();
  process.exit(0);
});

answer({ ready: true, issuer });
