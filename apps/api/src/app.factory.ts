import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import { fastifyRequestContext } from '@fastify/request-context';
import fastifyStatic from '@fastify/static';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import secureJson from 'secure-json-parse';
import { AppModule } from './app.module';
import { AppLogger } from './common/app-logger';
import { rawProblemResponse, sendProblem } from './common/problem.filter';
import { assertStorable } from './common/storable-text';
import { jsonNestingExceeds } from './common/json-depth';
import { createValidationPipe } from './common/validation';
import type { RuntimeSettings } from './config/config.module';
import { ClusterIoAdapter } from './modules/realtime/io.adapter';

export interface RouteInfo {
  method: string;
  url: string;
}

export interface CreatedApp {
  app: NestFastifyApplication;
  /** Every route the HTTP server registered, read at start-up (the authorization matrix uses it). */
  routes: RouteInfo[];
}

const MAX_JSON_DEPTH = 32;

const UPLOAD_ROUTES = [
  /^\/api\/documents(\/[0-9a-f-]{36}\/versions)?\/?(\?.*)?$/i,
  /^\/api\/contact(\/(mine\/)?OCR-\d{4}-(\d{6,}|[0-9A-Z]{8})\/messages)?\/?(\?.*)?$/,
];

function isUploadRoute(method: string, url: string): boolean {
  return method === 'POST' && UPLOAD_ROUTES.some((route) => route.test(url));
}

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Builds the whole server (API, Socket.IO, SPA) without listening. */
export async function createApp(
  settings: RuntimeSettings,
  options: { logger?: LogLevel[] | false; webDir?: string } = {},
): Promise<CreatedApp> {
  const { config } = settings;
  const frameworkLogger = new Logger('Problem');
  const adapter = new FastifyAdapter({
    bodyLimit: 1024 * 1024,
    // Slow clients: a connection silent for HTTP_IDLE_TIMEOUT_S (a stalled body, an idle
    // keep-alive) is closed; no request, however slowly it trickles, outlives
    // HTTP_REQUEST_TIMEOUT_S; idle keep-alive connections are kept 5 s.
    connectionTimeout: config.httpIdleTimeoutMs,
    requestTimeout: config.httpRequestTimeoutMs,
    keepAliveTimeout: Math.min(5_000, config.httpIdleTimeoutMs),
    genReqId: () => randomUUID(),
    // Errors before routing (a malformed URL) and before parsing (a malformed request) answer
    // problem+json like every other error, without echoing what the client sent.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 400;
      const detail = error.code === 'FST_ERR_BAD_URL' ? 'The URL is not valid' : 'Bad request';
      sendProblem(reply, request, { statusCode: status, message: detail }, frameworkLogger);
    },
    clientErrorHandler: (error, socket) => {
      if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
      const [status, detail] =
        error.code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'The request headers are too large']
          : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? [408, 'The request took too long']
            : [400, 'The request is malformed'];
      socket.end(rawProblemResponse(status, detail, randomUUID()));
    },
    // Behind proxies, the client's address from X-Forwarded-For, believed only from them.
    // (fastify takes a hop count too; the adapter's type does not list it)
    trustProxy: config.trustProxy as boolean | string[],
  });
  const routes: RouteInfo[] = [];
  const fastify = adapter.getInstance();
  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method !== 'HEAD' && route.url.startsWith('/api/'))
        routes.push({ method, url: route.url });
    }
  });
  const levels = options.logger ?? LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(settings),
    adapter,
    { logger: levels && new AppLogger(levels), bufferLogs: false, bodyParser: false },
  );
  const problemLogger = new Logger('Problem');

  // Every log line written while a request is served carries its correlation id.
  await app.register(fastifyRequestContext, {
    defaultStoreValues: (request) => ({ correlationId: String(request.id) }),
  });

  // JSON bodies only (anything else is 415): prototype-poisoning safe; empty means no body.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (_req: unknown, body: string | Buffer, done: (err: Error | null, value?: unknown) => void) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (text.trim() === '') return done(null, undefined);
      if (jsonNestingExceeds(text, MAX_JSON_DEPTH)) {
        const err = new Error(`The request body nests deeper than ${MAX_JSON_DEPTH} levels`);
        return done(Object.assign(err, { statusCode: 400 }));
      }
      let parsed: unknown;
      try {
        parsed = secureJson.parse(text, undefined, {
          protoAction: 'error',
          constructorAction: 'error',
        });
      } catch {
        const err = new Error('The request body is not valid JSON') as Error & {
          statusCode: number;
        };
        err.statusCode = 400;
        return done(err);
      }
      // Text PostgreSQL cannot store (NUL, lone surrogates) is refused here, naming the field.
      try {
        assertStorable(parsed);
      } catch (err) {
        return done(err as Error);
      }
      done(null, parsed);
    },
  );

  // RFC 8058 one-click unsubscribe posts a form (`List-Unsubscribe=One-Click`); no other
  // route takes form bodies (a cross-site form must not reach the JSON API).
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 16 * 1024 },
    (
      req: { url: string },
      body: string | Buffer,
      done: (err: Error | null, value?: unknown) => void,
    ) => {
      if (!req.url.startsWith('/api/newsletters/unsubscribe?')) {
        const err = new Error('Send JSON (application/json)');
        return done(Object.assign(err, { statusCode: 415 }));
      }
      const text = typeof body === 'string' ? body : body.toString('utf8');
      done(null, Object.fromEntries(new URLSearchParams(text)));
    },
  );

  // Multipart streams (limits are set per request by the upload routes). Only the routes that
  // take files accept it: anywhere else a multipart body is refused before it is read.
  await app.register(fastifyMultipart, { throwFileSizeLimit: true });
  fastify.addHook('onRequest', (request, reply, done) => {
    const type = request.headers['content-type'] ?? '';
    if (/^multipart\//i.test(type) && !isUploadRoute(request.method, request.url)) {
      return sendProblem(
        reply,
        request,
        { statusCode: 415, message: 'Send JSON (application/json)' },
        problemLogger,
      );
    }
    done();
  });

  // The same for query strings, on every route.
  fastify.addHook('preHandler', (request, reply, done) => {
    try {
      assertStorable(request.query);
    } catch (err) {
      return sendProblem(reply, request, err, problemLogger);
    }
    done();
  });

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Library files and inline QR codes only: a remote image would report who views a page.
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: config.publicUrl.startsWith('https://') ? [] : null,
      },
    },
    hsts: config.publicUrl.startsWith('https://'),
    crossOriginEmbedderPolicy: false,
  });

  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());

  const io = new ClusterIoAdapter(app, settings.databaseUrl, config.redisUrl);
  await io.connect();
  app.useWebSocketAdapter(io);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('OCVRN API')
      .setDescription('The Organised Crime Virtual Research Network: REST contract')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/openapi.json',
    yamlDocumentUrl: 'api/openapi.yaml',
  });

  const webDir = options.webDir ?? resolve(process.cwd(), 'apps/web/dist');
  const hasWeb = existsSync(resolve(webDir, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      index: false,
      maxAge: '1h',
      setHeaders: (reply, path) => {
        if (path.includes('/assets/')) {
          void reply.header('cache-control', 'public, max-age=31536000, immutable');
        }
      },
    });
  }
  // The SPA's own routes: any other GET outside /api answers index.html.
  fastify.get('/*', (request, reply) => {
    const url = request.url;
    if (url.startsWith('/api/') || url === '/api' || url.startsWith('/socket.io')) {
      return sendProblem(
        reply,
        request,
        { statusCode: 404, message: 'No such route' },
        problemLogger,
      );
    }
    // A missing asset is a 404, not the page (a stale tab after a deploy reloads cleanly).
    if (/\.[a-z0-9]{1,8}$/i.test(url.split('?')[0])) {
      return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
    }
    if (!hasWeb) {
      return reply
        .type('text/plain; charset=utf-8')
        .send('OCVRN API is running; the SPA has not been built (npm run build:web).');
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });

  await app.init();
  return { app, routes };
}
