// Velo module names resolve to the emulator's shims, so the site code under src/ runs unmodified.
const veloModules = [
  'wix-crm-backend',
  'wix-crm-frontend',
  'wix-data',
  'wix-data.v2',
  'wix-members-backend',
  'wix-members-frontend',
  'wix-members.v2',
  'wix-users-backend',
  'wix-inbox.v2',
  'wix-auth',
  'wix-web-module',
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  moduleNameMapper: {
    ...Object.fromEntries(veloModules.map((name) => [`^${name.replace('.', '\\.')}$`, `<rootDir>/emulator/velo/${name}.ts`])),
    // The tests' own configuration, never the file a site edits (see tests/fixtures/inbox.config.ts).
    '^(\\./|backend/)inbox\\.config(\\.js)?$': '<rootDir>/tests/fixtures/inbox.config.ts',
    '^backend/(.*)$': '<rootDir>/src/backend/$1',
    '^public/(.*)$': '<rootDir>/src/public/$1',
  },
  restoreMocks: true,
};
