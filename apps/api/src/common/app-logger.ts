import { requestContext } from '@fastify/request-context';
import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { redactSecrets } from './redact';

declare module '@fastify/request-context' {
  interface RequestContextData {
    correlationId: string;
  }
}

/** The correlation id of the request being served here, if any (see app.factory.ts). */
export function currentCorrelationId(): string | undefined {
  return requestContext.get('correlationId');
}

/**
 * Nest's console logger with the request's correlation id on every line written while serving
 * it (the id a client sees in a problem answer finds the log lines), and secrets redacted.
 */
export class AppLogger extends ConsoleLogger {
  constructor(levels: LogLevel[]) {
    super({ logLevels: levels });
  }

  protected override formatContext(context: string): string {
    const id = currentCorrelationId();
    return super.formatContext(context) + (id ? `[${id}] ` : '');
  }

  protected override stringifyMessage(message: unknown, logLevel: LogLevel): string {
    return redactSecrets(super.stringifyMessage(message, logLevel));
  }

  protected override printStackTrace(stack: string): void {
    super.printStackTrace(typeof stack === 'string' ? redactSecrets(stack) : stack);
  }
}
