const { veloModuleNameMapper } = require('./jest-velo-mapper.js');

/** @type {import('jest').Config} */
module.exports = {
  displayName: 'wix-emulator',
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  // Velo module names resolve to the emulator's shims, as a site's code imports them on Wix.
  moduleNameMapper: veloModuleNameMapper((name) => `<rootDir>/src/velo/${name}.ts`),
  restoreMocks: true,
};
