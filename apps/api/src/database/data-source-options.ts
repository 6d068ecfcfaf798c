import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '@migrations';
import { ENTITIES } from './entities';

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
    extra: { max: poolSize, application_name: 'ocvrn' },
  };
}
