#!/usr/bin/env node
// lessondeck is written in TypeScript and runs from source through tsx's loader,
// so there is no separate compile step between editing and running.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
