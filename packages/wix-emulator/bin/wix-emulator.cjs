#!/usr/bin/env node
// `wix-emulator --site <repo>`: the package ships its TypeScript sources (no build step), so tsx runs the CLI as it is.
require('tsx/cjs');
require('../src/cli.ts');
