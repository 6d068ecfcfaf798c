import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { createApp } from './app.factory';
import { ConfigError, parseConfig, type AppConfig } from './config/app-config';
import { persistentSecret } from './config/secrets';
import {
  claimDataDir,
  StartupError,
  startEmbeddedPostgres,
  stopOrphanedServer,
} from './database/embedded-postgres';
import { runMigrations } from './database/migrate';
import { ensureFirstAdmin } from './modules/users/first-admin';

async function bootstrap(): Promise<void> {
  const started = process.hrtime.bigint();
  let config: AppConfig;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const logger = new Logger('OCVRN');
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  config = { ...config, dataDir };

  let databaseUrl = config.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | null = null;
  if (!databaseUrl) {
    const release = claimDataDir(dataDir);
    await stopOrphanedServer(join(dataDir, 'postgres'), (line) => console.log(line));
    console.log(`Starting the embedded PostgreSQL in ${join(dataDir, 'postgres')} …`);
    const embedded = await startEmbeddedPostgres(join(dataDir, 'postgres'));
    databaseUrl = embedded.url;
    stopEmbedded = async () => {
      await embedded.stop();
      release();
    };
    // embedded-postgres stops the database on SIGINT/SIGTERM by itself, racing the orderly
    // shutdown below (connections cut mid-close). We stop it ourselves, after the app.
    process.removeAllListeners('SIGINT');
    process.removeAllListeners('SIGTERM');
  }

  const applied = await runMigrations(databaseUrl);
  if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);

  const jwtSecret = config.jwtSecret ?? persistentSecret(dataDir, 'jwt-secret');
  const { app } = await createApp({ config, databaseUrl, jwtSecret });
  const admin = await ensureFirstAdmin(app.get(DataSource), config);

  await app.listen({ port: config.port, host: config.host });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const lines = [
    '',
    `  OCVRN is running at ${config.publicUrl}  (ready in ${seconds.toFixed(1)} s)`,
    `  API under ${config.publicUrl}/api, OpenAPI at ${config.publicUrl}/api/docs`,
    `  Database: ${config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL under ${dataDir}`}`,
  ];
  if (admin) {
    lines.push(`  First admin: ${admin.email}`);
    if (admin.generatedPassword) {
      lines.push(
        `  Password:    ${admin.generatedPassword}   (shown once; you choose a new one at first sign-in)`,
      );
    }
  }
  console.log(lines.join('\n') + '\n');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: shutting down`);
    await app.close().catch((e: unknown) => logger.error(e));
    await stopEmbedded?.().catch((e: unknown) => logger.error(e));
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

bootstrap().catch((err: unknown) => {
  if (err instanceof StartupError) console.error(err.message);
  else
    console.error(
      err instanceof Error ? (err.stack ?? err.message) : `Start-up failed: ${String(err)}`,
    );
  process.exit(1);
});
