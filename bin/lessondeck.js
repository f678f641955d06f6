#!/usr/bin/env node
// The `lessondeck` command runs the compiled package (dist/, made by `npm run build:package`).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('lessondeck: dist/ is missing. In a clone of the lessondeck repo, run `npm install` (or `npm run build:package`) first.');
  process.exit(1);
}
await import(cli.href);
