import { Global, Module, type DynamicModule } from '@nestjs/common';
import { DATABASE_URL } from '@api/database/database.tokens';
import { PgListener } from '@api/database/pg-listener';
import { APP_CONFIG, type AppConfig } from './app-config';
import { Keys, KEYS } from './keys';

export const JWT_SECRET = Symbol('JWT_SECRET');

export interface RuntimeSettings {
  config: AppConfig;
  databaseUrl: string;
  jwtSecret: string;
  /** Database connections of this process (default 20). */
  poolSize?: number;
}

/** Typed configuration and the runtime facts resolved at boot, for injection. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(settings: RuntimeSettings): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: settings.config },
        { provide: DATABASE_URL, useValue: settings.databaseUrl },
        { provide: JWT_SECRET, useValue: settings.jwtSecret },
        { provide: KEYS, useValue: new Keys(settings.jwtSecret) },
        PgListener,
      ],
      exports: [APP_CONFIG, DATABASE_URL, JWT_SECRET, KEYS, PgListener],
    };
  }
}
