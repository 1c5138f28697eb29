// Two projects: velo-inbox's own tests (tests/) and the emulator package's (packages/wix-emulator/tests/), so
// `npm test` runs both and `npx jest <path>` picks from either.
const { veloModuleNameMapper } = require('wix-emulator/jest-velo-mapper');

/** @type {import('jest').Config} */
const veloInbox = {
  displayName: 'velo-inbox',
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  moduleNameMapper: {
    // Velo module names resolve to the emulator's shims, so the site code under src/ runs unmodified.
    ...veloModuleNameMapper((name) => `wix-emulator/velo/${name}`),
    // The tests' own configuration, never the file a site edits (see tests/fixtures/inbox.config.ts).
    '^(\\./|backend/)inbox\\.config(\\.js)?$': '<rootDir>/tests/fixtures/inbox.config.ts',
    '^backend/(.*)$': '<rootDir>/src/backend/$1',
    '^public/(.*)$': '<rootDir>/src/public/$1',
  },
  restoreMocks: true,
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [veloInbox, '<rootDir>/packages/wix-emulator'],
};
