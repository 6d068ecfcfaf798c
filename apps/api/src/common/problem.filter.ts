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
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload too large',
  415: 'Unsupported media type',
  416: 'Range not satisfiable',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

const CODES_BY_STATUS: Record<number, string> = {
  400: 'MALFORMED_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
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
    return {
      status,
      code: CODES_BY_STATUS[status] ?? `HTTP_${status}`,
      detail: Array.isArray(message) ? message.join('; ') : String(message),
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

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  exception: unknown,
  logger: Logger,
): void {
  const parts = toProblemParts(exception, logger);
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
