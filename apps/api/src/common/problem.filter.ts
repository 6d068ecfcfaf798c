import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FieldError, Problem } from '@contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from './domain-error';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  408: 'Request timeout',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload too large',
  415: 'Unsupported media type',
  416: 'Range not satisfiable',
  429: 'Too many requests',
  431: 'Request header fields too large',
  500: 'Internal server error',
  503: 'Service unavailable',
};

const CODES_BY_STATUS: Record<number, string> = {
  400: 'MALFORMED_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
  500: 'INTERNAL',
};

interface ProblemParts {
  status: number;
  code: string;
  detail?: string;
  errors?: FieldError[];
  retryAfterSeconds?: number;
}

/** Turns anything thrown into RFC 9457 problem details; unknown errors become a logged 500. */
export function toProblemParts(exception: unknown, logger: Logger): ProblemParts {
  if (exception instanceof DomainError) {
    return {
      status: exception.status,
      code: exception.code,
      detail: exception.message,
      errors: exception.errors,
      retryAfterSeconds: exception.retryAfterSeconds,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const message =
      typeof body === 'object' && body !== null && 'message' in body
        ? body.message
        : exception.message;
    const detail = Array.isArray(message) ? message.join('; ') : String(message);
    return {
      status,
      code: CODES_BY_STATUS[status] ?? `HTTP_${status}`,
      // Nest's own "Cannot GET /path" would echo whatever URL a client sent.
      detail: status === 404 && /^Cannot [A-Z]+ \//.test(detail) ? 'No such route' : detail,
    };
  }
  const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
  if (
    typeof fastifyError?.statusCode === 'number' &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500
  ) {
    const status = fastifyError.statusCode;
    return {
      status,
      code: CODES_BY_STATUS[status] ?? `HTTP_${status}`,
      detail:
        fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
        fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
          ? 'The request body is not valid JSON'
          : fastifyError.message,
    };
  }
  // The logger puts the request's correlation id on this line (common/app-logger.ts).
  logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : exception);
  return { status: 500, code: 'INTERNAL', detail: 'Something went wrong on our side' };
}

export function problemBody(parts: ProblemParts, correlationId: string): Problem {
  return {
    type: `about:blank`,
    title: TITLES[parts.status] ?? 'Error',
    status: parts.status,
    ...(parts.detail ? { detail: parts.detail } : {}),
    code: parts.code,
    ...(parts.errors ? { errors: parts.errors } : {}),
    correlationId,
  };
}

/**
 * The raw answer to a request Node's HTTP parser refused (malformed, headers too large, timed
 * out): problem+json like every other error, then the connection closes.
 */
export function rawProblemResponse(status: number, detail: string, correlationId: string): string {
  const body = JSON.stringify(
    problemBody(
      { status, code: CODES_BY_STATUS[status] ?? `HTTP_${status}`, detail },
      correlationId,
    ),
  );
  return (
    `HTTP/1.1 ${status} ${TITLES[status] ?? 'Error'}\r\n` +
    'Content-Type: application/problem+json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Connection: close\r\n\r\n' +
    body
  );
}

/** How long a refused request's connection keeps reading (and dropping) what still arrives. */
const LINGER_MS = 1_000;

/**
 * Node closes a `Connection: close` answer's socket as soon as the answer is written; with the
 * client still sending, its kernel then resets the connection and may drop the answer before the
 * client reads it. A lingering close instead: send FIN after the answer, read and drop what
 * arrives for LINGER_MS, then close.
 */
function lingerOnClose(request: FastifyRequest): void {
  const socket = request.raw.socket as (typeof request.raw.socket & { lingering?: true }) | null;
  if (!socket || socket.lingering) return;
  socket.lingering = true;
  socket.destroySoon = () => {
    request.raw.resume();
    socket.on('data', () => undefined);
    socket.end();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  };
}

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  exception: unknown,
  logger: Logger,
): void {
  const parts = toProblemParts(exception, logger);
  if (!request.raw.complete) {
    // A refusal before the body was read (a bad upload part, too many files, too large): the
    // connection ends once the answer is out, and the rest is not stored.
    void reply.header('connection', 'close');
    lingerOnClose(request);
  }
  if (parts.status === 429) void reply.header('retry-after', String(parts.retryAfterSeconds ?? 60));
  void reply
    .status(parts.status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send(problemBody(parts, String(request.id)));
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    sendProblem(
      http.getResponse<FastifyReply>(),
      http.getRequest<FastifyRequest>(),
      exception,
      this.logger,
    );
  }
}
