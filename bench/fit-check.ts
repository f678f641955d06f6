/**
 * Benchmark for issue 5 (prints numbers, asserts nothing):
 * - fit cost per slide, cold (empty fit cache: every slide measured in
 *   Chromium) and warm (everything from the cache, no browser);
 * - `lessondeck check` time for the sample course and for a 60-lesson course
 *   made by copying the sample's lessons into 15 modules.
 *
 * Run: npm run bench:check
 */
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { closeSharedBrowser, getSharedBrowser } from '../src/browser/browserService.ts';
import { checkCourse } from '../src/check/checkCourse.ts';
import { loadCourse, type CourseDeck } from '../src/course/loadCourse.ts';
import { fitCourseDecks } from '../src/fit/fitCourse.ts';
import { createCodeHighlighter } from '../src/render/highlight.ts';
import { loadTheme } from '../src/render/themes.ts';
import { renderSite } from '../src/site/renderSite.ts';
import type { FigureVariants } from '../src/slides/model.ts';

const SAMPLE = path.resolve('slides');
const seconds = (start: number) => (performance.now() - start) / 1000;

async function fitRun(decks: CourseDeck[], figures: Map<string, FigureVariants[]>, cacheDir: string) {
  const started = performance.now();
  const { stats } = await fitCourseDecks(decks, { browser: () => getSharedBrowser(), cacheDir, themeOf: () => loadTheme('light')!, figures });
  return { seconds: seconds(started), stats };
}

async function fitBench(): Promise<void> {
  const highlighter = await createCodeHighlighter();
  const load = async () => {
    const course = await loadCourse(SAMPLE, { highlighter });
    // Diagrams rendered (from the diagram cache) so slides are measured with their figures.
    const site = await renderSite(course, { fit: false, browser: () => getSharedBrowser() });
    const figures = new Map(course.decks.map((d) => [d.file, site.figures.get(d.page) ?? []]));
    return { decks: course.decks, figures };
  };
  const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'ld-bench-fit-'));
  try {
    await getSharedBrowser(); // browser launch is not fit cost
    const a = await load();
    const cold = await fitRun(a.decks, a.figures, cacheDir);
    const b = await load();
    const warm = await fitRun(b.decks, b.figures, cacheDir);
    const perSlide = (s: number, n: number) => (n ? `${((s * 1000) / n).toFixed(2)} ms/slide` : 'n/a');
    console.log(`fit, cold: ${cold.stats.measured} slides measured in ${cold.seconds.toFixed(2)} s = ${perSlide(cold.seconds, cold.stats.measured)} (split ${cold.stats.split}, scaled ${cold.stats.scaled})`);
    console.log(`fit, warm: ${warm.stats.fromCache} slides from cache, ${warm.stats.measured} measured, in ${warm.seconds.toFixed(3)} s = ${perSlide(warm.seconds, warm.stats.fromCache)}`);
  } finally {
    await closeSharedBrowser();
    await rm(cacheDir, { recursive: true, force: true });
  }
}

/** A course of 60 lessons: the sample's lessons and labs copied into as many modules as needed. */
async function sixtyLessonCourse(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ld-bench-60-'));
  const module = path.join(SAMPLE, 'module-07');
  const lessons = [...(await readdir(path.join(module, 'lessons'))).map((f) => `lessons/${f}`), ...(await readdir(path.join(module, 'labs'))).map((f) => `labs/${f}`)];
  await writeFile(path.join(root, 'README.md'), '# Sixty Lessons\n\nThe sample course, copied.\n');
  for (let m = 0, copied = 0; copied < 60; m++) {
    const dir = path.join(root, `module-${String(m + 1).padStart(2, '0')}`);
    await mkdir(path.join(dir, 'lessons'), { recursive: true });
    await mkdir(path.join(dir, 'labs'), { recursive: true });
    await cp(path.join(module, 'README.md'), path.join(dir, 'README.md'));
    await cp(path.join(module, 'diagrams'), path.join(dir, 'diagrams'), { recursive: true });
    await cp(path.join(module, 'images'), path.join(dir, 'images'), { recursive: true });
    for (const lesson of lessons) {
      if (copied++ >= 60) break;
      await cp(path.join(module, lesson), path.join(dir, lesson));
    }
  }
  return root;
}

async function checkBench(label: string, root: string, runs: string[]): Promise<void> {
  for (const run of runs) {
    const started = performance.now();
    const diagnostics = await checkCourse(root);
    const counts = new Map<string, number>();
    for (const d of diagnostics) counts.set(d.rule, (counts.get(d.rule) ?? 0) + 1);
    const rules = [...counts].map(([rule, n]) => `${rule} ${n}`);
    console.log(`check ${label} (${run}): ${seconds(started).toFixed(2)} s, ${diagnostics.length} diagnostics${rules.length ? ` (${rules.join(', ')})` : ''}`);
  }
}

await fitBench();
await checkBench('sample course, 13 decks', SAMPLE, ['first run', 'warm']);
const sixty = await sixtyLessonCourse();
try {
  await checkBench('60-lesson course', sixty, ['first run', 'warm']);
} finally {
  await rm(sixty, { recursive: true, force: true });
}
