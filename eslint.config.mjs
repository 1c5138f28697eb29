// Flat config: ESLint's recommended rules plus typescript-eslint's recommended set (syntax-only, no type information,
// so `npm run lint` stays fast; `npm run typecheck` already runs the compiler over everything).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Node globals for the few plain-JS config files (no `globals` package installed; this is all they use). */
const nodeGlobals = {
  module: 'writable',
  require: 'readonly',
  process: 'readonly',
  console: 'readonly',
  __dirname: 'readonly',
};

export default defineConfig(
  { ignores: ['node_modules/', 'dist/', 'coverage/', '.wix/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `_`-prefixed names are deliberately unused (interface-conforming parameters, skipped tuple slots).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: nodeGlobals },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    // Build fixtures imitate a site tree that the repo tsconfig cannot resolve, so some opt out of type checking.
    files: ['tests/toolchain/fixtures/**'],
    rules: { '@typescript-eslint/ban-ts-comment': ['error', { 'ts-nocheck': 'allow-with-description' }] },
  },
  {
    // A Wix site repo as Velo sees it: ES modules, the page's $w global.
    files: ['tests/toolchain/fixtures/wix-site/**/*.js', 'tests/fixtures/site-repos/**/*.js', 'packages/wix-emulator/tests/fixtures/site-repos/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { $w: 'readonly' } },
  },
);
