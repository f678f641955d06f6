/**
 * Student-side benchmark (issue 6). Prints numbers, asserts nothing:
 *  - time to first slide of a deck from a cold browser cache on localhost (a
 *    fresh browser context each run: navigation start → reveal 'ready' with
 *    the first slide visible), and the bytes transferred for it;
 *  - the search index (search-index.json) raw and gzip, for the sample course
 *    and for a 60-lesson course made by copying the sample's lessons.
 *
 *   npx tsx bench/students.ts [--runs 5] [--course slides]
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../src/browser/browserService.ts';
import { findBrowserExecutable } from '../src/browser/findBrowser.ts';
import { SEARCH_INDEX_FILE } from '../src/search/searchOptions.ts';
import { startStaticServer } from '../src/serve/staticServer.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] ? args[at + 1]! : fallback;
};
const RUNS = Number(option('runs', '5'));
const COURSE = path.resolve(REPO_ROOT, option('course', 'slides'));
const LESSONS_IN_BIG_COURSE = 60;

function build(course: string, out: string): number {
  const started = performance.now();
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'lessondeck.js'), 'build', '--root', course, '--out', out], { cwd: REPO_ROOT, stdio: 'ignore' }); // diagnostics (the big course's cross-links) are not what is measured
  return (performance.now() - started) / 1000;
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function indexSize(site: string): { raw: number; gzip: number } {
  const json = readFileSync(path.join(site, SEARCH_INDEX_FILE));
  return { raw: json.length, gzip: gzipSync(json, { level: 9 }).length };
}

/** A course of `count` lessons: the sample's lessons copied round-robin into numbered modules of ten. */
function makeBigCourse(from: string, to: string, count: number): void {
  const lessons: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\/lessons\/[^/]+\.md$/.test(full)) lessons.push(full);
    }
  };
  walk(from);
  if (lessons.length === 0) throw new Error(`no lessons/*.md under ${from}`);
  cpSync(path.join(from, 'README.md'), path.join(to, 'README.md'));
  for (let i = 0; i < count; i++) {
    const source = lessons[i % lessons.length]!;
    const moduleDir = path.join(to, `module-${String(Math.floor(i / 10) + 1).padStart(2, '0')}`);
    mkdirSync(path.join(moduleDir, 'lessons'), { recursive: true });
    // Diagrams and images referenced relatively come along with each module.
    for (const extra of ['diagrams', 'images']) cpSync(path.join(path.dirname(path.dirname(source)), extra), path.join(moduleDir, extra), { recursive: true, force: false });
    writeFileSync(path.join(moduleDir, 'lessons', `${String(i + 1).padStart(2, '0')}-${path.basename(source)}`), readFileSync(source));
  }
}

interface FirstSlide {
  ms: number;
  bytes: number;
  requests: number;
}

async function timeToFirstSlide(url: string): Promise<FirstSlide[]> {
  const browser = await chromium.launch({ executablePath: findBrowserExecutable(), args: [...CHROMIUM_ARGS] });
  const results: FirstSlide[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      // A fresh context has an empty HTTP cache and no service worker.
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      let bytes = 0;
      let requests = 0;
      cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => {
        bytes += event.encodedDataLength;
        requests++;
      });
      await page.goto(url, { waitUntil: 'commit' });
      await page.waitForFunction(() => {
        const reveal = (window as unknown as { Reveal?: { isReady(): boolean; getCurrentSlide(): HTMLElement } }).Reveal;
        const slide = reveal?.isReady() ? reveal.getCurrentSlide() : undefined;
        return !!slide && slide.getBoundingClientRect().height > 0 && getComputedStyle(slide).visibility === 'visible';
      }, undefined, { polling: 'raf', timeout: 30_000 });
      const ms = await page.evaluate(() => performance.now());
      await page.waitForLoadState('load');
      results.push({ ms, bytes, requests });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return results;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const work = mkdtempSync(path.join(tmpdir(), 'ld-bench-students-'));
try {
  console.log(`node ${process.version}, ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const site = path.join(work, 'site');
  console.log(`sample course built in ${build(COURSE, site).toFixed(1)} s`);

  const server = await startStaticServer({ root: site });
  try {
    const deck = readdirSync(path.join(site, 'module-07', 'lessons')).find((f) => f.endsWith('.html'));
    const url = deck ? `${server.url}/module-07/lessons/${deck}` : `${server.url}/index.html`;
    const runs = await timeToFirstSlide(url);
    console.log(`\nTime to first slide, cold browser cache, localhost (${RUNS} runs): ${new URL(url).pathname}`);
    console.log('| median | min | max | transferred | requests |');
    console.log('| --- | --- | --- | --- | --- |');
    const ms = runs.map((r) => r.ms);
    console.log(`| ${median(ms).toFixed(0)} ms | ${Math.min(...ms).toFixed(0)} ms | ${Math.max(...ms).toFixed(0)} ms | ${kib(median(runs.map((r) => r.bytes)))} | ${median(runs.map((r) => r.requests))} |`);
  } finally {
    await server.close();
  }

  const big = path.join(work, 'big-course');
  makeBigCourse(COURSE, big, LESSONS_IN_BIG_COURSE);
  const bigSite = path.join(work, 'big-site');
  const bigSeconds = build(big, bigSite);
  const sample = indexSize(site);
  const large = indexSize(bigSite);
  console.log(`\nSearch index (${SEARCH_INDEX_FILE}); the ${LESSONS_IN_BIG_COURSE}-lesson course built in ${bigSeconds.toFixed(1)} s`);
  console.log('| course | slides | raw | gzip -9 |');
  console.log('| --- | --- | --- | --- |');
  const slides = (file: string) => Object.keys((JSON.parse(readFileSync(path.join(file, SEARCH_INDEX_FILE), 'utf8')) as { index: { documentIds: object } }).index.documentIds).length;
  console.log(`| sample (${path.relative(REPO_ROOT, COURSE) || '.'}) | ${slides(site)} | ${kib(sample.raw)} | ${kib(sample.gzip)} |`);
  console.log(`| ${LESSONS_IN_BIG_COURSE} lessons | ${slides(bigSite)} | ${kib(large.raw)} | ${kib(large.gzip)} |`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
