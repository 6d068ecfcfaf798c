// One embedded PostgreSQL (or DATABASE_URL) for the run, a database per worker cloned from a
// migrated template. Test files are transpiled with swc using the repository's .swcrc.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const swc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
delete swc.$schema;
swc.jsc.baseUrl = root;

const transform = { '^.+\\.(t|j)s$': ['@swc/jest', { ...swc, swcrc: false }] };
const moduleNameMapper = {
  '^@api/(.*)$': '<rootDir>/apps/api/src/$1',
  '^@contracts$': '<rootDir>/libs/contracts/src',
  '^@testing/(.*)$': '<rootDir>/libs/testing/src/$1',
  '^@migrations$': '<rootDir>/migrations',
};
const common = {
  rootDir: root,
  transform,
  moduleNameMapper,
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
};

/** @type {import('jest').Config} */
module.exports = {
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  rootDir: root,
  testTimeout: 60_000,
  maxWorkers: process.env.CI ? 2 : '50%',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/browser/'],
    },
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.e2e-spec.ts'],
    },
  ],
};
