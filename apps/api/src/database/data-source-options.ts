import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '@migrations';
import { ENTITIES } from './entities';
import { QueryLogger } from './query-logger';

/** TypeORM options for the app, the tests and the drift check alike. Never synchronize. */
export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    uuidExtension: 'pgcrypto',
    synchronize: false,
    logging: ['error', 'warn'],
    logger: new QueryLogger(),
    extra: { max: poolSize, application_name: 'ocvrn' },
  };
}
