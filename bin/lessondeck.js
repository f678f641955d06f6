#!/usr/bin/env node
// lessondeck is written in TypeScript: see cliBundle.js for how it runs without a compile step.
import { runCli } from './cliBundle.js';

await runCli();
