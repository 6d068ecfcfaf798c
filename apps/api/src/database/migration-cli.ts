/**
 * Migration commands without ts-node: `generate <Name>` writes a migration with the SQL
 * that brings the database to the entities; `check` fails when the entities have drifted
 * from the migrations; `run` applies pending migrations.
 * Uses DATABASE_URL (a scratch database for generate/check).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { pendingSchemaChanges } from './schema-drift';

function escape(sql: string): string {
  return sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
}

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL must name a scratch database');
  const ds = new DataSource(dataSourceOptions(url, 2));
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    if (command === 'run') return;
    const { up, down } = await pendingSchemaChanges(ds);
    if (command === 'check') {
      if (up.length > 0) {
        console.error(`Entities have drifted from the migrations:\n${up.join(';\n')}`);
        process.exitCode = 1;
      } else console.log('No drift: the migrations match the entities.');
      return;
    }
    if (command !== 'generate' || !name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
      throw new Error('usage: migration-cli generate <PascalName> | check | run');
    }
    if (up.length === 0) {
      console.log('Nothing to generate.');
      return;
    }
    const ts = Date.now();
    const body = (qs: string[]) =>
      qs.map((q) => `    await queryRunner.query(\`${escape(q)}\`);`).join('\n');
    const file = join(process.cwd(), 'migrations', `${ts}-${name}.ts`);
    writeFileSync(
      file,
      `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${ts} implements MigrationInterface {
  name = '${name}${ts}';

  async up(queryRunner: QueryRunner): Promise<void> {
${body(up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${body(down)}
  }
}
`,
    );
    console.log(`Wrote ${file}; add it to migrations/index.ts.`);
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
