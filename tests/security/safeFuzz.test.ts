/**
 * Property-based: generated lessons mixing raw HTML (<script>, <style>, SVG,
 * event handlers, entities), nested fences, front matter and scheme-like
 * links never crash the build, and under --safe no generated page runs script:
 * each page's slides are loaded in Chromium (offline, our own client left out)
 * and must not set the canary. Bounded by a test timeout, never by timing.
 */
import fc from 'fast-check';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserService } from '../../src/browser/browserService.ts';
import { buildSite } from '../../src/site/buildSite.ts';
import { tempCourse } from './tempCourse.ts';

const CANARY = 'window.__ldPwned=1';

const hostile = fc.constantFrom(
  `<script>${CANARY}</script>`,
  `<script type="module">${CANARY}</script>`,
  `<img src=x onerror="${CANARY}">`,
  `<svg onload="${CANARY}"><script>${CANARY}</script></svg>`,
  `<style>body{background:url("javascript:${CANARY}")}</style>`,
  `<a href="javascript:${CANARY}">x</a>`,
  `[x](javascript:${CANARY})`,
  `[x](./javascript:${CANARY};x.md)`,
  `[x](<java\tscript:${CANARY}>)`,
  `<iframe srcdoc="<script>${CANARY}</script>"></iframe>`,
  `<details open ontoggle="${CANARY}">d</details>`,
  '&lt;script&gt; &amp;amp; &#x3C;b&#x3E;',
  `<div><p>unclosed <b>bold`,
);
const prose = fc.constantFrom('Some text.', '- a list item', '1. step', '> quote', '| a | b |\n|---|---|\n| 1 | 2 |', '**bold** and `code`');
const fence = fc.tuple(fc.constantFrom('```', '~~~~'), fc.constantFrom('html', 'js', ''), hostile).map(([f, lang, body]) => `${f}${lang}\n${body}\n\`\`\`\n${f}`);
const block = fc.oneof(hostile, prose, fence, fc.constantFrom('## Heading', '### Sub', '---', '<!-- notes -->', 'Note: spoken'));
const frontMatter = fc.constantFrom('', '---\ntitle: "<script>x</script>"\n---\n', `---\nlessondeck:\n  scripts: keep\n---\n`, '---\ntheme: dark\n---\n');
const lesson = fc.tuple(frontMatter, fc.array(block, { minLength: 1, maxLength: 12 })).map(([front, blocks]) => `${front}# Lesson\n\n${blocks.join('\n\n')}\n`);

/** A deck page's slides only: our own client scripts and the JSON config are not the course's. */
function slidesOf(html: string): string {
  return /<div class="slides">([\s\S]*)<\/div>\s*<\/div>/.exec(html)?.[1] ?? html.replace(/<script type="module" src="\/@lessondeck[^"]*"><\/script>|<script type="application\/json"[\s\S]*?<\/script>/g, '');
}

describe('safe mode over generated lessons', () => {
  let service: BrowserService;
  beforeAll(async () => {
    service = await BrowserService.launch();
  });
  afterAll(() => service?.close());

  it('never crashes, and no page built with --safe runs script', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(lesson, { minLength: 1, maxLength: 3 }), async (lessons) => {
        const course = await tempCourse(Object.fromEntries(lessons.map((text, i) => [`m/lessons/0${i}-x.md`, text])));
        try {
          const site = await buildSite(course.root, { safe: true, fit: false, cacheDir: false });
          await service.withPage(async (page) => {
            for (const [name, html] of site.pages) {
              await page.setContent(`<!doctype html><body>${slidesOf(html)}</body>`);
              // Give handlers (onerror, onload, ontoggle) their turn: wait for the page's own load and a frame.
              await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
              await page.locator('a').evaluateAll((links) => links.forEach((a) => (a as HTMLAnchorElement).href.startsWith('javascript:') && (a as HTMLAnchorElement).click()));
              expect(await page.evaluate(() => (window as unknown as { __ldPwned?: number }).__ldPwned), `${name} ran script`).toBeUndefined();
            }
          });
        } finally {
          await rm(path.join(course.base), { recursive: true, force: true });
        }
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});
