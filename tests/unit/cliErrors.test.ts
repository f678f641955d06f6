/** Mistakes on the command line are one line saying what to do, and a non-zero exit. */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/lessondeck.js');
let dir: string;
const cli = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ld-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('CLI errors', () => {
  it('an unknown theme lists the themes', () => {
    for (const command of ['build', 'check', 'dev', 'export']) {
      const result = cli([command, '--root', '.', '--theme', 'drak']);
      expect(result.status, command).toBe(1);
      expect(result.stderr).toBe('Unknown theme "drak". Themes: light, dark, high-contrast.\n');
    }
  });

  it('a missing course folder says how to pick or make one', () => {
    const result = cli(['check', '--root', 'nope']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('No course folder at nope. Pass the course folder with --root <dir> (or set "root" in lessondeck.config.ts), or start one with `lessondeck init`.\n');
  });

  it('a missing built site says what to build', () => {
    for (const args of [['preview', '--out', 'nope'], ['present', '--out', 'nope', '--no-build']]) {
      const result = cli(args);
      expect(result.status, args[0]).toBe(1);
      expect(result.stderr).toBe('No built site at nope (no index.html). Build it first: lessondeck build --out nope\n');
    }
  });

  it('a bad config file names the file and the key', async () => {
    const sub = await mkdtemp(path.join(dir, 'bad-'));
    await writeFile(path.join(sub, 'lessondeck.config.json'), JSON.stringify({ fit: { longcode: 'split' } }));
    const result = spawnSync(process.execPath, [BIN, 'build'], { cwd: sub, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('lessondeck.config.json: unknown key "fit.longcode" (did you mean "longCode"?)\n');
  });

  it('--print-config shows the config under the typed flags', async () => {
    const sub = await mkdtemp(path.join(dir, 'print-'));
    await writeFile(path.join(sub, 'lessondeck.config.json'), JSON.stringify({ root: '.', theme: 'dark', pdf: { paper: 'letter', perPage: 2 } }));
    const plain = JSON.parse(spawnSync(process.execPath, [BIN, '--print-config'], { cwd: sub, encoding: 'utf8' }).stdout) as Record<string, unknown>;
    expect(plain).toMatchObject({ configFile: path.join(sub, 'lessondeck.config.json'), root: sub, theme: 'dark', pdf: { paper: 'letter', perPage: 2 } });
    const flagged = spawnSync(process.execPath, [BIN, 'export', '--paper', 'a4', '--theme', 'light', '--print-config'], { cwd: sub, encoding: 'utf8' });
    expect(flagged.status).toBe(0);
    expect(JSON.parse(flagged.stdout)).toMatchObject({ theme: 'light', pdf: { paper: 'a4', perPage: 2 } });
  });
});
