import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BrowserNotFoundError,
  LINUX_BROWSER_CANDIDATES,
  findBrowserExecutable,
  locateBrowser,
  systemBrowserCandidates,
} from '../../src/browser/findBrowser.ts';

/** A fake file system containing exactly `files`. */
function fakeFs(...files: string[]): (file: string) => boolean {
  const present = new Set(files);
  return (file) => present.has(file);
}

const PW = '/home/u/.cache/ms-playwright/chromium-1/chrome-linux64/chrome';
const base = { platform: 'linux' as const, playwrightExecutablePath: () => PW };

describe('findBrowserExecutable', () => {
  it('prefers the explicit --browser path over everything else', () => {
    const found = findBrowserExecutable({
      ...base,
      explicit: '/opt/my/chrome',
      env: { LESSONDECK_BROWSER: '/env/chrome' },
      exists: fakeFs('/opt/my/chrome', '/env/chrome', PW, '/usr/bin/chromium'),
    });
    expect(found).toBe('/opt/my/chrome');
  });

  it('fails on an explicit path that does not exist, naming it', () => {
    const find = () =>
      findBrowserExecutable({ ...base, explicit: '/nope/chrome', env: {}, exists: fakeFs('/usr/bin/chromium') });
    expect(find).toThrow(BrowserNotFoundError);
    expect(find).toThrow(/"\/nope\/chrome".*--browser/);
  });

  it('fails on a LESSONDECK_BROWSER path that does not exist instead of silently using another browser', () => {
    const find = () =>
      findBrowserExecutable({ ...base, env: { LESSONDECK_BROWSER: '/typo/chrome' }, exists: fakeFs('/usr/bin/chromium') });
    expect(find).toThrow(/\/typo\/chrome.*LESSONDECK_BROWSER/);
  });

  it('uses env vars in order: LESSONDECK_BROWSER, CHROME_PATH, PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH', () => {
    const exists = fakeFs('/a', '/b', '/c', PW, '/usr/bin/chromium');
    const env = { LESSONDECK_BROWSER: '/a', CHROME_PATH: '/b', PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH: '/c' };
    expect(locateBrowser({ ...base, env, exists })).toEqual({ executablePath: '/a', source: 'LESSONDECK_BROWSER' });
    expect(locateBrowser({ ...base, env: { ...env, LESSONDECK_BROWSER: '' }, exists })).toEqual({
      executablePath: '/b',
      source: 'CHROME_PATH',
    });
    expect(locateBrowser({ ...base, env: { PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH: '/c' }, exists }).executablePath).toBe('/c');
  });

  it("uses Playwright's downloaded Chromium only when that file exists", () => {
    expect(locateBrowser({ ...base, env: {}, exists: fakeFs(PW, '/usr/bin/chromium') })).toEqual({
      executablePath: PW,
      source: 'playwright',
    });
    expect(locateBrowser({ ...base, env: {}, exists: fakeFs('/usr/bin/chromium') })).toEqual({
      executablePath: '/usr/bin/chromium',
      source: 'system',
    });
  });

  it('falls back to system browsers in candidate order, a headless shell first', () => {
    expect(LINUX_BROWSER_CANDIDATES.slice(0, 2)).toEqual(['/usr/bin/chromium-headless-shell', '/usr/bin/chromium']);
    expect(findBrowserExecutable({ ...base, env: {}, exists: fakeFs('/usr/bin/chromium', '/usr/bin/chromium-headless-shell') })).toBe('/usr/bin/chromium-headless-shell');
    expect(LINUX_BROWSER_CANDIDATES).toEqual(
      expect.arrayContaining(['/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium']),
    );
    const exists = fakeFs('/usr/bin/google-chrome-stable', '/snap/bin/chromium');
    expect(findBrowserExecutable({ ...base, env: {}, exists })).toBe('/usr/bin/google-chrome-stable');
  });

  it('knows macOS and Windows install locations', () => {
    expect(systemBrowserCandidates('darwin')).toContain('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    expect(systemBrowserCandidates('darwin')).toContain('/Applications/Chromium.app/Contents/MacOS/Chromium');
    const win = systemBrowserCandidates('win32', { PROGRAMFILES: 'D:\\Apps' });
    expect(win).toContain('D:\\Apps\\Google\\Chrome\\Application\\chrome.exe');
    expect(win).toContain('C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe');
    const found = findBrowserExecutable({
      platform: 'win32',
      env: { PROGRAMFILES: 'D:\\Apps' },
      playwrightExecutablePath: () => undefined,
      exists: fakeFs('D:\\Apps\\Google\\Chrome\\Application\\chrome.exe'),
    });
    expect(found).toBe('D:\\Apps\\Google\\Chrome\\Application\\chrome.exe');
  });

  it('explains every way to get a browser when none is found', () => {
    let error: unknown;
    try {
      findBrowserExecutable({ ...base, env: {}, exists: fakeFs() });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BrowserNotFoundError);
    const message = (error as Error).message;
    expect(message).toContain('--browser <path>');
    expect(message).toContain('LESSONDECK_BROWSER');
    expect(message).toContain('sudo apt-get install chromium');
    expect(message).toContain('npx playwright install chromium');
    expect(message).toContain('Google Chrome');
  });

  it('finds a real browser on this machine with the default file system', () => {
    const found = findBrowserExecutable({ env: {} });
    expect(existsSync(found)).toBe(true);
  });
});
