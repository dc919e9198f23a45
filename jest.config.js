const os = require('node:os');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j|mj|cj)s$': ['@swc/jest'] },
  // PGlite ships as ESM only: let swc turn it into CommonJS for jest.
  transformIgnorePatterns: ['/node_modules/(?!(@electric-sql/pglite|pg-boss|serialize-error|non-error|rrule-temporal|@js-temporal)/)'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  testTimeout: 60000,
  // Jest's default is one worker fewer than the cores: on a 2-core machine, one file at a time on one
  // core. Each file has a database of its own, so two at once is safe and takes about half as long.
  maxWorkers: Math.max(2, os.availableParallelism() - 1),
};
