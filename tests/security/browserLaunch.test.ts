/**
 * A browser that dies at start-up (a missing library, a wrong path) must fail
 * every command that needs it with a message saying what was run, how it
 * ended, what it printed and how to fix it; never a green run, never a hang.
 */
import { chmod } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserService } from '../../src/browser/browserService.ts';
import { runCli } from '../support/cli.ts';
import { withTimeout } from '../../src/withTimeout.ts';
import { tempCourse, type TempCourse } from './tempCourse.ts';

// Far above a launch failure (milliseconds), far below "hangs forever".
const BOUND_MS = 45_000;

describe('a browser that dies at start-up', () => {
  let course: TempCourse;
  let noLibrary: string;

  beforeAll(async () => {
    course = await tempCourse({ 'module-01/lessons/01-a.md': '# A\n\n## Flow\n\n```mermaid\ngraph TD\n  A-->B\n```\n' });
    noLibrary = await course.write('../chromium-without-libs.sh', '#!/bin/sh\necho "chromium: error while loading shared libraries: libnss3.so" >&2\nexit 127\n');
    await chmod(noLibrary, 0o755);
  });
  afterAll(() => course.remove());

  it('rejects the launch with the executable, its exit code, its stderr tail and a fix', async () => {
    const launch = BrowserService.launch({ executablePath: noLibrary });
    const error = await withTimeout(launch.then(() => undefined, (e: unknown) => e as Error), BOUND_MS, 'launch did not settle');
    expect(error?.message).toContain(noLibrary);
    expect(error?.message).toContain('exit code 127');
    expect(error?.message).toContain('libnss3.so');
    expect(error?.message).toMatch(/--browser PATH or LESSONDECK_BROWSER/);
  });

  it('rejects when the process exits before any listener could see it (/bin/false)', async () => {
    const error = await withTimeout(BrowserService.launch({ executablePath: '/bin/false' }).then(() => undefined, (e: unknown) => e as Error), BOUND_MS, 'launch did not settle');
    expect(error?.message).toMatch(/\/bin\/false exited before it was ready \(exit code 1\)/);
  });

  for (const args of [['check'], ['build', '--strict', '--out', 'OUT'], ['export', '--out', 'PDF']]) {
    it(`${args[0]} exits non-zero with the message`, async () => {
      const resolved = args.map((a) => (a === 'OUT' ? `${course.base}/out` : a === 'PDF' ? `${course.base}/pdf` : a));
      const result = await withTimeout(runCli([...resolved, '--root', course.root, '--browser', '/bin/false']), BOUND_MS, `${args[0]} did not exit`);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/could not start: \/bin\/false exited before it was ready \(exit code 1\)/);
    });
  }
});

describe('a browser killed while in use', () => {
  it('is reported as such, not as "Target page, context or browser has been closed"', async () => {
    const service = await BrowserService.launch();
    try {
      const error = await service.withPage(async (page) => {
        await page.goto('about:blank');
        process.kill(-service.process.pid!, 'SIGKILL');
        await page.evaluate(() => new Promise(() => undefined));
      }).then(() => undefined, (e: unknown) => e as Error);
      expect(error?.message).toMatch(/quit while lessondeck was using it: it was killed or crashed.*Run the command again/s);
    } finally {
      await service.close();
    }
  });
});
