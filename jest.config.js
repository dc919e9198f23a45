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
};
