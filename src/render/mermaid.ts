/**
 * Build-time Mermaid rendering: every ```mermaid block becomes static, inline
 * SVG. The real `mermaid` package runs in the shared headless Chromium (it
 * needs a layout engine to measure text); nothing of mermaid ships to readers.
 *
 * Pipeline per call: hash → disk cache → (misses only) one browser page,
 * one `page.evaluate` rendering all misses sequentially → post-process → cache.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page, Route } from 'playwright-core';
import type { Diagnostic, SourceLocation } from '../diagnostics.ts';
import { getSharedBrowser, type BrowserService } from '../browser/browserService.ts';
import { ContentCache, contentCacheKey, sha256Hex } from '../contentCache.ts';
import { withTimeout } from '../withTimeout.ts';

/** Where diagrams are cached unless the caller says otherwise (relative to cwd). */
export const DEFAULT_DIAGRAM_CACHE_DIR = path.join('node_modules', '.cache', 'lessondeck', 'mermaid');

/** Bump when post-processing or render settings change, to invalidate caches. */
export const RENDERER_VERSION = '5';

export interface DiagramRequest {
  source: string;
  where: SourceLocation;
  /** Mermaid settings for this diagram only (a layout variant's spacing), merged over the theme's. */
  config?: Record<string, unknown>;
  /** The diagram's first line in its file, so a syntax error can name its own line. */
  sourceStart?: SourceLocation;
}

export interface MermaidThemeConfig {
  theme: string;
  themeVariables?: Record<string, string>;
  fontFamily?: string;
}

export interface DiagramFontFace {
  family: string;
  /** Path to a .woff2 (or .woff/.ttf) file. */
  file: string;
  weight?: number;
  style?: 'normal' | 'italic';
}

export type BrowserProvider = BrowserService | (() => Promise<BrowserService>);

export interface MermaidRenderOptions {
  /**
   * The browser, or a getter called only when something must actually be
   * rendered (all-cached builds never start Chromium). Default: the shared one.
   */
  browser?: BrowserProvider;
  mermaidConfig: MermaidThemeConfig;
  /** Deck fonts, so mermaid measures labels with the font readers will see. */
  fontFaces?: DiagramFontFace[];
  /** Cache directory (relative to cwd), or false to disable. Default {@link DEFAULT_DIAGRAM_CACHE_DIR}. */
  cacheDir?: string | false;
  /** Abort a batch that takes longer than this (ms). Default 60s + 5s per diagram. */
  timeoutMs?: number;
}

export type DiagramResult =
  | { ok: true; svg: string; id: string; fromCache: boolean }
  | { ok: false; error: string; diagnostic: Diagnostic };

// ---------------------------------------------------------------------------
// Mermaid package location

const require = createRequire(import.meta.url);
const MERMAID_PACKAGE_JSON = require.resolve('mermaid/package.json');
const MERMAID_DIST_DIR = path.join(path.dirname(MERMAID_PACKAGE_JSON), 'dist');
export const MERMAID_VERSION: string = (JSON.parse(readFileSync(MERMAID_PACKAGE_JSON, 'utf8')) as { version: string })
  .version;

/**
 * The pages load mermaid's ESM build from this fake origin, served from
 * node_modules by a route handler (nothing touches the network). ESM loads only
 * the chunks a diagram type needs, which is ~4x faster to start than injecting
 * the 5.5 MB IIFE bundle; being a real URL also lets V8 reuse compiled code.
 */
const MERMAID_ORIGIN = 'http://lessondeck-mermaid.invalid';
const MERMAID_ENTRY = 'mermaid.esm.min.mjs';

// ---------------------------------------------------------------------------
// Public API

/**
 * Renders diagrams to static SVG, in request order. A broken diagram yields
 * `{ ok: false }` with a located diagnostic and never stops the others.
 */
export async function renderDiagrams(
  requests: readonly DiagramRequest[],
  options: MermaidRenderOptions,
): Promise<DiagramResult[]> {
  const config = effectiveConfig(options);
  const configJson = JSON.stringify(config);
  const cache = options.cacheDir === false ? undefined : new ContentCache(options.cacheDir ?? DEFAULT_DIAGRAM_CACHE_DIR, '.svg');

  // Identical sources (with identical settings) in one call are rendered once.
  const jobs = new Map<string, RenderJob>();
  const keyOf = (request: DiagramRequest): { id: string; json: string } => {
    const json = request.config ? JSON.stringify(mergeConfig(config.mermaid, request.config)) : configJson;
    return { id: diagramId(request.source, json), json };
  };
  for (const request of requests) {
    const { id, json } = keyOf(request);
    if (!jobs.has(id)) jobs.set(id, { id, source: request.source, config: request.config ? mergeConfig(config.mermaid, request.config) : config.mermaid, cacheKey: contentCacheKey([request.source, json, MERMAID_VERSION, RENDERER_VERSION]) });
  }

  const rendered = new Map<string, RenderOutcome & { fromCache: boolean }>();
  const misses: RenderJob[] = [];
  for (const job of jobs.values()) {
    const cached = await cache?.get(job.cacheKey);
    if (cached) rendered.set(job.id, { ok: true, svg: cached, fromCache: true });
    else misses.push(job);
  }

  if (misses.length > 0) {
    const browser = await resolveBrowser(options.browser);
    const outcomes = await renderInBrowser(browser, misses, options);
    for (const [i, job] of misses.entries()) {
      const drawn = outcomes[i] ?? { ok: false, error: 'no result from renderer' };
      const refused = drawn.ok ? refusalPicture(drawn.svg) : undefined;
      const outcome: RenderOutcome = refused ? { ok: false, error: refused } : drawn;
      if (outcome.ok) {
        const svg = postProcessSvg(outcome.svg, job.id, describeDiagram(job.source));
        await cache?.set(job.cacheKey, svg).catch(() => {}); // a read-only cache must not fail the build
        rendered.set(job.id, { ok: true, svg, fromCache: false });
      } else {
        rendered.set(job.id, { ...outcome, fromCache: false });
      }
    }
  }

  return requests.map((request) => {
    const { where, sourceStart } = request;
    const { id } = keyOf(request);
    const outcome = rendered.get(id) ?? { ok: false as const, error: 'not rendered', fromCache: false };
    return outcome.ok
      ? { ok: true, svg: outcome.svg, id, fromCache: outcome.fromCache }
      : { ok: false, error: outcome.error, diagnostic: mermaidDiagnostic(outcome.error, diagramErrorLocation(outcome.error, where, sourceStart, request.source)) };
  });
}

/**
 * Mermaid answers some diagrams it will not draw with a picture instead of an
 * error (a tiny "Maximum text size in diagram exceeded" box): that is an
 * error too, located at the diagram, never a figure on a slide.
 */
export function refusalPicture(svg: string): string | undefined {
  // Its words may be split over <tspan>s: read the drawing's text.
  const text = svg.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
  if (/Maximum text size in diagram exceeded/i.test(text)) return 'the diagram is larger than Mermaid will draw (Maximum text size in diagram exceeded); split it into smaller diagrams';
  return undefined;
}

/** `mmd-` + 12 hex of sha256(source + config): stable across builds, so cacheable and diffable. */
export function diagramId(source: string, configJson: string): string {
  return `mmd-${sha256Hex(source + configJson).slice(0, 12)}`;
}

/**
 * Where a diagram's error is: mermaid's "Parse error on line N" counts lines
 * of the diagram, so it is mapped into the lesson (or the `.mmd` file);
 * other errors point at the diagram itself. Mermaid finds an unclosed
 * bracket only at the end of the input and names a line past the diagram:
 * that error is put on the last line that opens more brackets than it
 * closes, else on the diagram's last line.
 */
export function diagramErrorLocation(error: string, where: SourceLocation, sourceStart?: SourceLocation, source?: string): SourceLocation {
  const reported = Number(/\b(?:parse|lexical) error on line (\d+)/i.exec(error)?.[1]);
  if (!sourceStart || !(reported > 0)) return where;
  const lines = source?.replace(/\s+$/, '').split(/\r?\n/);
  const line = lines && reported > lines.length ? lastUnclosedLine(lines) : reported;
  return { file: sourceStart.file, line: sourceStart.line + line - 1 };
}

/** 1-based: the last line leaving a bracket open, else the last line. */
function lastUnclosedLine(lines: string[]): number {
  const opens = (text: string) => (text.replace(/"[^"]*"/g, '').match(/[[({]/g) ?? []).length - (text.replace(/"[^"]*"/g, '').match(/[\])}]/g) ?? []).length;
  for (let i = lines.length - 1; i >= 0; i--) if (opens(lines[i]!) > 0) return i + 1;
  return lines.length;
}

export function mermaidDiagnostic(error: string, where: SourceLocation): Diagnostic {
  const message = error.trim().replace(/\.$/, '');
  return {
    file: where.file,
    line: where.line,
    column: 1,
    severity: 'error',
    rule: 'mermaid-syntax',
    message: `Mermaid diagram failed to render: ${message}. Fix the diagram syntax (see https://mermaid.js.org/syntax/)`,
  };
}

/**
 * Diagram ids come from content hashes, so the same diagram twice on a page
 * would clash (ids are used by `#id` CSS selectors and marker references).
 * The page builder calls this for the Nth diagram: every occurrence of `id`
 * becomes `id-suffix`.
 */
export function uniquifySvgIds(svg: string, id: string, suffix: string): string {
  // Only whole ids: don't touch "mmd-abc1" inside "mmd-abc12".
  const pattern = new RegExp(`${escapeRegExp(id)}(?![0-9a-f])`, 'g');
  return svg.replace(pattern, `${id}-${suffix}`);
}

// ---------------------------------------------------------------------------
// Configuration

interface RenderJob {
  id: string;
  source: string;
  /** The mermaid settings this job renders with. */
  config: Record<string, unknown>;
  cacheKey: string;
}

/** `override` over `base`, one level deep for the diagram-type sections (`flowchart`, `sequence`…). */
export function mergeConfig(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] = value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object' ? { ...(current as Record<string, unknown>), ...(value as Record<string, unknown>) } : value;
  }
  return merged;
}

interface EffectiveConfig {
  mermaid: Record<string, unknown>;
  /** Fonts are part of the hash: a different font measures differently. */
  fonts: { family: string; weight: number; style: string; file: string }[];
}

/**
 * SVG `<text>` labels (htmlLabels: false) instead of foreignObject HTML:
 * text stays real SVG text (selectable/searchable in PDFs, accessible), and
 * `<br/>` still breaks lines in flowchart, sequence and state labels (checked
 * on mermaid 11.17). The root-level `htmlLabels` is the one that counts from 11.x on;
 * `flowchart.htmlLabels` is deprecated and only set for older configs.
 */
function effectiveConfig(options: MermaidRenderOptions): EffectiveConfig {
  const { theme, themeVariables, fontFamily: explicitFont } = options.mermaidConfig;
  const firstFace = options.fontFaces?.[0];
  const fontFamily = explicitFont ?? (firstFace ? `"${firstFace.family}", sans-serif` : undefined);
  const mermaid: Record<string, unknown> = {
    startOnLoad: false,
    securityLevel: 'strict',
    theme,
    themeVariables: { ...(fontFamily ? { fontFamily } : {}), ...themeVariables },
    ...(fontFamily ? { fontFamily } : {}),
    htmlLabels: false,
    flowchart: { htmlLabels: false, useMaxWidth: true, wrappingWidth: 400 },
    sequence: { useMaxWidth: true },
    state: { useMaxWidth: true },
    class: { htmlLabels: false, useMaxWidth: true },
    // No "today" line: it depends on the day of the build (not reproducible) and can sit far
    // outside the chart, shrinking it. Labels at the size of other diagrams' labels.
    gantt: { useMaxWidth: true, todayMarker: 'off', fontSize: 16, sectionFontSize: 16, barHeight: 26, barGap: 6 },
    // d3 draws a gantt chart's dates at 10 px, too small to read on a slide next to 16 px tasks.
    themeCSS: '.grid .tick text { font-size: 16px; }',
    logLevel: 'fatal',
  };
  const fonts = (options.fontFaces ?? []).map((f) => ({
    family: f.family,
    weight: f.weight ?? 400,
    style: f.style ?? 'normal',
    file: path.basename(f.file),
  }));
  return { mermaid, fonts };
}

export async function resolveBrowser(provider: BrowserProvider | undefined): Promise<BrowserService> {
  if (!provider) return getSharedBrowser();
  return typeof provider === 'function' ? provider() : provider;
}

// ---------------------------------------------------------------------------
// Browser side

type RenderOutcome = { ok: true; svg: string } | { ok: false; error: string };

async function renderInBrowser(
  browser: BrowserService,
  jobs: readonly RenderJob[],
  options: MermaidRenderOptions,
): Promise<RenderOutcome[]> {
  const fontFaces = options.fontFaces ?? [];
  // Pages are kept warm per font set: mermaid + fonts load once per process.
  const reuseKey = `mermaid:${sha256Hex(JSON.stringify(fontFaces))}`;
  const timeoutMs = options.timeoutMs ?? 60_000 + 5_000 * jobs.length;
  return browser.withPage(
    async (page) => {
      await prepareMermaidPage(page, fontFaces);
      return withTimeout(renderBatch(page, jobs), timeoutMs, 'Mermaid rendering timed out');
    },
    { reuseKey },
  );
}

/** Idempotent: a pooled page that already has mermaid and fonts is left alone. */
async function prepareMermaidPage(page: Page, fontFaces: readonly DiagramFontFace[]): Promise<void> {
  const ready = await page.evaluate(() => Boolean((window as unknown as { mermaid?: unknown }).mermaid)).catch(() => false);
  if (ready) return;

  await page.route(`${MERMAID_ORIGIN}/**`, serveMermaidFile);
  await page.goto(`${MERMAID_ORIGIN}/`);
  // tsx and esbuild's keepNames wrap named functions in __name(); the page needs a no-op one.
  await page.evaluate('window.__name = (f) => f');
  if (fontFaces.length > 0) await installFonts(page, fontFaces);
  await page.addScriptTag({
    type: 'module',
    content: `import mermaid from '${MERMAID_ORIGIN}/${MERMAID_ENTRY}'; window.mermaid = mermaid;`,
  });
  await page.waitForFunction(() => Boolean((window as unknown as { mermaid?: unknown }).mermaid));
}

/** Serves a blank document and mermaid's dist files; anything else is refused. */
async function serveMermaidFile(route: Route): Promise<void> {
  const { pathname } = new URL(route.request().url());
  if (pathname === '/') {
    await route.fulfill({ contentType: 'text/html', body: '<!doctype html><html><head></head><body></body></html>' });
    return;
  }
  const file = path.join(MERMAID_DIST_DIR, decodeURIComponent(pathname));
  const insideDist = file.startsWith(MERMAID_DIST_DIR + path.sep) && /\.m?js$/.test(file);
  if (!insideDist) {
    await route.abort('blockedbyclient');
    return;
  }
  try {
    await route.fulfill({ contentType: 'text/javascript', body: await readFile(file) });
  } catch {
    await route.fulfill({ status: 404, body: '' });
  }
}

/**
 * Installs the deck fonts as data: URLs and waits until they are loaded, so
 * mermaid sizes boxes for the real font and labels are not cut off.
 */
async function installFonts(page: Page, fontFaces: readonly DiagramFontFace[]): Promise<void> {
  const rules = await Promise.all(fontFaces.map(fontFaceRule));
  await page.addStyleTag({ content: rules.join('\n') });
  const loads = fontFaces.map((f) => `${f.style ?? 'normal'} ${f.weight ?? 400} 16px "${f.family}"`);
  const loaded = await page.evaluate(async (descriptors) => {
    const faces = await Promise.all(descriptors.map((d) => document.fonts.load(d)));
    await document.fonts.ready;
    return faces.every((list) => list.length > 0);
  }, loads);
  if (!loaded) throw new Error(`Could not load diagram fonts: ${fontFaces.map((f) => f.file).join(', ')}`);
}

async function fontFaceRule(face: DiagramFontFace): Promise<string> {
  const data = (await readFile(face.file)).toString('base64');
  const ext = path.extname(face.file).slice(1).toLowerCase();
  const format = ext === 'woff2' ? 'woff2' : ext === 'woff' ? 'woff' : ext === 'otf' ? 'opentype' : 'truetype';
  const mime = ext === 'woff2' || ext === 'woff' ? `font/${ext}` : `font/${ext || 'ttf'}`;
  return `@font-face { font-family: "${face.family}"; src: url(data:${mime};base64,${data}) format("${format}"); font-weight: ${face.weight ?? 400}; font-style: ${face.style ?? 'normal'}; font-display: block; }`;
}

/**
 * One round-trip for the whole batch. Mermaid is not reentrant, so diagrams are
 * rendered one after another; each failure is caught on its own.
 */
function renderBatch(page: Page, jobs: readonly RenderJob[]): Promise<RenderOutcome[]> {
  return page.evaluate(
    async ({ jobs }) => {
      interface MermaidApi {
        initialize(config: unknown): void;
        render(id: string, text: string): Promise<{ svg: string }>;
      }
      const mermaid = (window as unknown as { mermaid: MermaidApi }).mermaid;
      const results: ({ ok: true; svg: string } | { ok: false; error: string })[] = [];
      // The viewBox trimmed to the drawing (mermaid pads it, sequence diagrams by 50 px a side),
      // so the drawing, not its margin, fills the slide. A 4-unit margin keeps strokes whole.
      const trimToInk = (svg: string): string => {
        const holder = document.createElement('div');
        holder.innerHTML = svg;
        const root = holder.querySelector('svg');
        document.body.append(holder);
        try {
          const box = root?.getBBox();
          const view = root?.viewBox.baseVal;
          if (!root || !box || !view || box.width <= 0 || box.height <= 0) return svg;
          // Only ever smaller: some drawings have invisible parts (lifeline ends) outside their own viewBox.
          const margin = 4;
          const x = Math.max(view.x, box.x - margin);
          const y = Math.max(view.y, box.y - margin);
          const w = Math.min(view.x + view.width, box.x + box.width + margin) - x;
          const h = Math.min(view.y + view.height, box.y + box.height + margin) - y;
          if (w <= 0 || h <= 0 || (w >= view.width - 1 && h >= view.height - 1)) return svg;
          root.setAttribute('viewBox', `${x} ${y} ${w} ${h}`);
          if (/max-width/.test(root.getAttribute('style') ?? '')) root.style.maxWidth = `${w}px`;
          return root.outerHTML;
        } finally {
          holder.remove();
        }
      };
      let current = '';
      for (const job of jobs) {
        // Settings differ only for layout variants: initialise again only when they change.
        const settings = JSON.stringify(job.config);
        if (settings !== current) {
          mermaid.initialize(job.config);
          current = settings;
        }
        try {
          const { svg } = await mermaid.render(job.id, job.source);
          results.push({ ok: true, svg: trimToInk(svg) });
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          results.push({ ok: false, error: message || 'unknown Mermaid error' });
        } finally {
          // On errors mermaid leaves its error diagram (and its wrapper div) in
          // the body; clear it so leftovers never leak into the next render.
          document.body.replaceChildren();
        }
      }
      return results;
    },
    { jobs: jobs.map(({ id, source, config }) => ({ id, source, config })) },
  );
}

// ---------------------------------------------------------------------------
// SVG post-processing (pure string functions; the input is mermaid's own output)

/**
 * Makes mermaid's SVG fit slides and be accessible:
 * - scales to its container (`width="100%"`, viewBox, no fixed height or
 *   max-width); the natural size stays available as data-width/data-height;
 * - `role="img"` named by a `<title>` describing the diagram;
 * - ids that mermaid does not prefix with the diagram id are prefixed, so
 *   {@link uniquifySvgIds} can make every id on a page unique.
 */
export function postProcessSvg(svg: string, id: string, description: string): string {
  const rootMatch = /<svg\b[^>]*>/.exec(svg);
  if (!rootMatch) throw new Error('Mermaid returned no <svg> element');
  const root = rootMatch[0];
  const body = centerSvgNodeLabels(prefixForeignIds(svg.slice(rootMatch.index + root.length), id));

  const attrs = parseAttributes(root);
  const viewBox = attrs.get('viewBox') ?? fallbackViewBox(attrs);
  const [, , naturalWidth, naturalHeight] = (viewBox ?? '').split(/[\s,]+/).map(Number);

  attrs.set('width', '100%');
  attrs.delete('height');
  if (viewBox) attrs.set('viewBox', viewBox);
  const style = removeCssProperty(attrs.get('style') ?? '', 'max-width');
  if (style) attrs.set('style', style);
  else attrs.delete('style');
  attrs.set('role', 'img');
  attrs.set('aria-labelledby', `${id}-title`);
  if (naturalWidth && naturalHeight) {
    attrs.set('data-width', String(Math.round(naturalWidth)));
    attrs.set('data-height', String(Math.round(naturalHeight)));
  }

  const title = `<title id="${id}-title">${escapeXml(description)}</title>`;
  return `${svg.slice(0, rootMatch.index)}<svg ${serializeAttributes(attrs)}>${title}${body}`;
}

function fallbackViewBox(attrs: Map<string, string>): string | undefined {
  const width = parseFloat(attrs.get('width') ?? '');
  const height = parseFloat(attrs.get('height') ?? '');
  return width > 0 && height > 0 && !attrs.get('width')?.includes('%') ? `0 0 ${width} ${height}` : undefined;
}

/**
 * Mermaid 12 bug with SVG-text labels: nodes with `centerLabel` (state
 * diagrams) shift the label group left by half its min width but draw the
 * text left-anchored at x=0, so short labels hug the left edge. Re-centre
 * them: group at x=0 and the text anchored in the middle (as flowcharts do).
 */
const LEFT_SHIFTED_LABEL =
  /(<g class="label"[^>]*?\stransform=")translate\(\s*-[\d.]+\s*,\s*([-\d.e]+)\s*\)("[^>]*>(?:<rect[^>]*><\/rect>|<g>)*<text)(?![^>]*text-anchor)/g;

function centerSvgNodeLabels(markup: string): string {
  return markup.replace(LEFT_SHIFTED_LABEL, '$1translate(0, $2)$3 text-anchor="middle"');
}

/** Some diagram types (e.g. sequence: `actor0`, `root-0`) emit unprefixed ids; prefix them and their references. */
function prefixForeignIds(markup: string, id: string): string {
  const foreign = new Set<string>();
  for (const match of markup.matchAll(/\sid="([^"]+)"/g)) {
    const value = match[1];
    if (value && !value.includes(id)) foreign.add(value);
  }
  if (foreign.size === 0) return markup;
  return markup.replace(/(\sid="|url\(#|href="#)([^")]+)(?=[")])/g, (whole, lead: string, value: string) =>
    foreign.has(value) ? `${lead}${id}-${value}` : whole,
  );
}

function parseAttributes(tag: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const match of tag.matchAll(/([^\s=<>"']+)\s*=\s*"([^"]*)"/g)) {
    if (match[1] && match[2] !== undefined) attrs.set(match[1], match[2]);
  }
  return attrs;
}

function serializeAttributes(attrs: Map<string, string>): string {
  return [...attrs].map(([name, value]) => `${name}="${value.replace(/"/g, '&quot;')}"`).join(' ');
}

function removeCssProperty(style: string, property: string): string {
  return style
    .split(';')
    .map((declaration) => declaration.trim())
    .filter((declaration) => declaration && !declaration.toLowerCase().startsWith(`${property}:`))
    .join('; ');
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------
// Accessible names

const MAX_NAMED_ITEMS = 12;

/**
 * A short text alternative for a diagram, used as its SVG `<title>`.
 * An explicit `accTitle:` wins; otherwise it is derived from the source:
 * "Flowchart: Start, Is it?, Done", "Sequence diagram between Alice and Bob",
 * "State diagram: Idle, Busy". Pure, so it is unit-testable without a browser.
 */
export function describeDiagram(source: string): string {
  const lines = diagramLines(source);
  const accTitle = lines.map((l) => /^accTitle\s*:\s*(.+)$/.exec(l)?.[1]).find(Boolean);
  if (accTitle) return accTitle.trim();

  const header = lines[0] ?? '';
  const body = lines.slice(1);
  const keyword = header.split(/\s+/)[0]?.toLowerCase() ?? '';
  if (keyword === 'graph' || keyword === 'flowchart' || keyword === 'flowchart-elk') {
    return withItems('Flowchart: ', flowchartLabels(body), 'Flowchart');
  }
  if (keyword === 'sequencediagram') {
    const participants = sequenceParticipants(body);
    return participants.length > 0
      ? `Sequence diagram between ${joinNames(limitItems(participants))}`
      : 'Sequence diagram';
  }
  if (keyword === 'statediagram' || keyword === 'statediagram-v2') {
    return withItems('State diagram: ', stateNames(body), 'State diagram');
  }
  const title = body.map((l) => /^title\s+(.+)$/.exec(l)?.[1]).find(Boolean) ?? frontmatterTitle(source);
  const kind = OTHER_DIAGRAM_NAMES[keyword] ?? 'Diagram';
  return title ? `${kind}: ${title.trim()}` : kind;
}

const OTHER_DIAGRAM_NAMES: Record<string, string> = {
  classdiagram: 'Class diagram',
  'classdiagram-v2': 'Class diagram',
  erdiagram: 'Entity relationship diagram',
  gantt: 'Gantt chart',
  pie: 'Pie chart',
  mindmap: 'Mind map',
  timeline: 'Timeline',
  gitgraph: 'Git graph',
  journey: 'User journey',
  quadrantchart: 'Quadrant chart',
  'xychart-beta': 'XY chart',
  xychart: 'XY chart',
  'sankey-beta': 'Sankey diagram',
  'block-beta': 'Block diagram',
  'architecture-beta': 'Architecture diagram',
  requirementdiagram: 'Requirement diagram',
};

/** Meaningful lines: no front matter, directives, comments or blank lines. */
export function diagramLines(source: string): string[] {
  const withoutFrontmatter = source.replace(/^\s*---\r?\n[\s\S]*?\r?\n---\s*(\r?\n|$)/, '');
  return withoutFrontmatter
    .replace(/%%\{[\s\S]*?\}%%/g, '')
    .split(/\r?\n/)
    .map((line) => line.replace(/%%.*$/, '').trim())
    .filter(Boolean);
}

function frontmatterTitle(source: string): string | undefined {
  const frontmatter = /^\s*---\r?\n([\s\S]*?)\r?\n---/.exec(source)?.[1];
  return frontmatter ? /^title\s*:\s*["']?(.+?)["']?\s*$/m.exec(frontmatter)?.[1] : undefined;
}

/** Label text as a reader would see it: no quotes, tags, markdown or entities. */
export function cleanLabel(raw: string): string {
  return raw
    .replace(/^["'`]+|["'`]+$/g, '')
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[*_`]{1,2}([^*_`]+)[*_`]{1,2}/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

function limitItems(items: readonly string[]): string[] {
  if (items.length <= MAX_NAMED_ITEMS) return [...items];
  return [...items.slice(0, MAX_NAMED_ITEMS), `${items.length - MAX_NAMED_ITEMS} more`];
}

function withItems(prefix: string, items: readonly string[], fallback: string): string {
  return items.length > 0 ? prefix + limitItems(items).join(', ') : fallback;
}

function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

const FLOWCHART_KEYWORDS = /^(subgraph|end|style|classDef|class|click|linkStyle|direction|accTitle|accDescr)\b/;

/** Node shapes: `[x]`, `(x)`, `{x}`, `((x))`, `([x])`, `[[x]]`, `[(x)]`, `{{x}}`, `[/x/]`, `>x]` … */
const NODE_PATTERN =
  /([A-Za-z0-9_][\w.-]*)\s*(?:@\{[^}]*?label\s*:\s*"([^"]*)"[^}]*\}|(\(\(\(|\(\(|\(\[|\[\[|\[\(|\[\/|\[\\|\{\{|\[|\(|\{|>)\s*("[^"]*"|[^\])}]*?)\s*(?:\)\)\)|\)\)|\]\)|\]\]|\)\]|\/\]|\\\]|\}\}|\]|\)|\}))?/g;

/** Node labels in order of first appearance (node id when it has no label). */
function flowchartLabels(lines: readonly string[]): string[] {
  const labels = new Map<string, string>();
  for (const line of lines) {
    for (const statement of line.split(';')) {
      const trimmed = statement.trim();
      if (!trimmed || FLOWCHART_KEYWORDS.test(trimmed)) continue;
      for (const match of stripEdgeLabels(trimmed).matchAll(NODE_PATTERN)) {
        const [, nodeId, shapeLabel, , bracketLabel] = match;
        if (!nodeId) continue;
        const label = cleanLabel(shapeLabel ?? bracketLabel ?? '');
        if (label) labels.set(nodeId, label);
        else if (!labels.has(nodeId)) labels.set(nodeId, nodeId);
      }
    }
  }
  return [...labels.values()];
}

/** Removes `|text|` and `-- text -->` edge labels and `e1@` edge ids, which are not nodes. */
function stripEdgeLabels(statement: string): string {
  return statement
    .replace(/\|[^|]*\|/g, ' ')
    .replace(/(--|==|-\.)\s+[^-=.>][^>]*?\s+(-->|==>|\.->|---|===|-\.-)/g, ' $2 ')
    .replace(/\b\w+@(?=[-=.~<])/g, ' ');
}

const SEQUENCE_ARROW = /(<<-->>|<<->>|-->>|->>|-->|->|--x|-x|--\)|-\))/;

function sequenceParticipants(lines: readonly string[]): string[] {
  const names = new Map<string, string>();
  const add = (id: string, display?: string) => {
    const key = id.trim();
    if (!key) return;
    if (display) names.set(key, cleanLabel(display));
    else if (!names.has(key)) names.set(key, cleanLabel(key));
  };
  for (const line of lines) {
    const declared = /^(?:create\s+)?(?:participant|actor)\s+(.+?)(?:\s+as\s+(.+))?$/.exec(line);
    if (declared?.[1]) {
      add(declared[1].replace(/@\{.*\}$/, ''), declared[2]);
      continue;
    }
    if (/^(note|loop|alt|else|opt|par|and|critical|break|rect|box|end|activate|deactivate|autonumber|destroy|links?)\b/i.test(line)) continue;
    const message = /^(.+?)\s*(?:<<-->>|<<->>|-->>|->>|-->|->|--x|-x|--\)|-\))\s*[+-]?\s*([^:]+?)\s*:/.exec(line);
    if (message?.[1] && message[2] && SEQUENCE_ARROW.test(line)) {
      add(message[1]);
      add(message[2]);
    }
  }
  return [...names.values()];
}

function stateNames(lines: readonly string[]): string[] {
  const names = new Map<string, string>();
  const add = (id: string | undefined, display?: string) => {
    const key = id?.trim();
    if (!key || key === '[*]') return;
    if (display) names.set(key, cleanLabel(display));
    else if (!names.has(key)) names.set(key, key);
  };
  for (const line of lines) {
    if (/^(note|end note|direction|classDef|class|style|accTitle|accDescr|\}|--)/.test(line)) continue;
    const aliased = /^state\s+"([^"]+)"\s+as\s+([\w.-]+)/.exec(line);
    if (aliased) {
      add(aliased[2], aliased[1]);
      continue;
    }
    const declared = /^state\s+([\w.-]+)/.exec(line);
    if (declared) {
      if (!/<<(fork|join|choice)>>/.test(line)) add(declared[1]);
      continue;
    }
    const transition = /^(\[\*\]|[\w.-]+)\s*-->\s*(\[\*\]|[\w.-]+)/.exec(line);
    if (transition) {
      add(transition[1]);
      add(transition[2]);
      continue;
    }
    // `S: text` sets the text shown in the box.
    const description = /^([\w.-]+)\s*:\s*(.+)$/.exec(line);
    if (description) add(description[1], description[2]);
    else if (/^[\w.-]+$/.test(line)) add(line);
  }
  return [...names.values()];
}
