/**
 * lessondeck as a Vite plugin: every lesson of the course becomes an HTML
 * entry (virtual: nothing is written next to the markdown), the client code
 * and themes resolve from this package, the dev server renders decks on
 * request and reloads them when a lesson or diagram changes, and a build is
 * written to a temporary folder that replaces the output only when complete.
 */
import { rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Plugin, ResolvedConfig, ViteDevServer } from 'vite';
import { closeSharedBrowser } from '../browser/browserService.ts';
import { formatDiagnostic, hasErrors, type Diagnostic } from '../diagnostics.ts';
import { CLIENT_DIR, CODE_DIR, CODE_EXTENSION, PACKAGE_ROOT, THEMES_DIR } from '../packageLayout.ts';
import { buildSite, type Site, type SiteOptions } from '../site/buildSite.ts';
import { insertFigures } from '../site/renderSite.ts';
import { renderErrorPage } from './errorPage.ts';
import { withDiagnosticsBanner } from './devDiagnostics.ts';
import { rejectTraversal } from './pathGuard.ts';
import { serializeSearchIndex } from '../search/buildIndex.ts';
import { SEARCH_INDEX_FILE } from '../search/searchOptions.ts';
import { offlinePlugin } from './offline.ts';
import { courseJail } from '../course/courseJail.ts';
import { courseFileGuard } from './courseFileGuard.ts';
import { writeBuildStamp } from '../site/buildStamp.ts';
import { stagingDirFor } from '../site/outputFolder.ts';

export interface LessondeckOptions extends SiteOptions {
  /** The course folder. Default: the config file's `root`, else `slides`. */
  root?: string;
  /**
   * The config file (lessondeck.config.ts, .mts, .js, .mjs or .json) to read,
   * or false for none. Default: the one in the working directory, if any.
   * Options given here win over it.
   */
  config?: string | false;
  /** Fail the build on any error diagnostic (broken diagram, invalid front matter…). */
  strict?: boolean;
  /** Called with every build's diagnostics (the CLI prints them). */
  onDiagnostics?: (diagnostics: Diagnostic[]) => void;
  /** Add the service worker that makes the built site work offline (default true). */
  offline?: boolean;
  /** Keep Rolldown's warnings about slow plugins (PLUGIN_TIMINGS); off by default. */
  verbose?: boolean;
  /** Called with the rendered site (buildCourseSite uses it to locate a deck Vite failed on). */
  onSite?: (site: Site) => void;
}

const VIRTUAL_PREFIX = '/@lessondeck/';
/** Folders of this package the dev server may serve: client code (and what it imports), themes, dependencies. */
const PACKAGE_SERVED_DIRS = [
  CODE_DIR,
  ...['themes', 'node_modules', 'public'].map((dir) => path.join(PACKAGE_ROOT, dir)),
  // Where the client's dependencies really are when lessondeck is installed (hoisted node_modules).
  // reveal.js does not export ./package.json; its main entry is <node_modules>/reveal.js/dist/reveal.js.
  path.dirname(path.dirname(path.dirname(createRequire(import.meta.url).resolve('reveal.js')))),
];

/** The lessondeck plugins: the core below, plus the service worker for offline use (src/vite/offline.ts). */
export function lessondeck(options: LessondeckOptions = {}): Plugin[] {
  return [lessondeckCore(options), ...(options.offline === false ? [] : [offlinePlugin({ cache: options.cacheDir !== false })])];
}

function lessondeckCore(given: LessondeckOptions): Plugin {
  let options = given;
  let courseRoot = path.resolve(given.root ?? 'slides');
  let site: Site | undefined;
  let pendingSite: Promise<Site> | undefined;
  let finalOutDir = '';
  let stagingOutDir = '';
  let buildFailed = false;
  let config: ResolvedConfig | undefined;
  // Vite's dependency cache is under the course when the course is in no package of its own.
  const guardFor = (root: string, safe: boolean) => courseFileGuard(courseJail(root, { safe }), PACKAGE_SERVED_DIRS, () => (config ? [config.cacheDir] : []));
  let fileGuard = guardFor(courseRoot, !!given.safe);

  const loadSite = async (): Promise<Site> => {
    pendingSite ??= buildSite(courseRoot, options).then((s) => {
      site = s;
      options.onSite?.(s);
      options.onDiagnostics?.(s.diagnostics);
      return s;
    }).finally(() => {
      pendingSite = undefined;
    });
    return pendingSite;
  };

  return {
    name: 'lessondeck',
    enforce: 'pre',

    async config(userConfig, env) {
      options = await withConfigFile(given);
      courseRoot = path.resolve(options.root ?? 'slides');
      fileGuard = guardFor(courseRoot, !!options.safe);
      finalOutDir = path.resolve(userConfig.build?.outDir ?? 'dist');
      stagingOutDir = stagingDirFor(finalOutDir);
      const shared = {
        root: courseRoot,
        base: userConfig.base ?? './',
        appType: 'mpa' as const,
        publicDir: path.join(PACKAGE_ROOT, 'public'),
        // Only the course and what the client needs from this package; never the rest of the disk.
        server: { fs: { allow: [courseRoot, ...PACKAGE_SERVED_DIRS] } },
      };
      if (env.command !== 'build') {
        return {
          ...shared,
          // Scan the client's entry points at start-up, so reveal.js is pre-bundled before the first
          // page is served: otherwise Vite finds it on that request and reloads the open page.
          optimizeDeps: { entries: ['deck', 'index', 'speaker/speakerView'].map((entry) => path.join(CLIENT_DIR, `${entry}${CODE_EXTENSION}`)) },
        };
      }
      const built = await loadSite();
      if (options.strict && hasErrors(built.diagnostics)) {
        await closeSharedBrowser();
        throw new Error(`lessondeck: the course has errors (strict build):\n${built.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n')}`);
      }
      return {
        ...shared,
        build: {
          outDir: stagingOutDir,
          emptyOutDir: true,
          // Small images stay files, so students can open them on their own. Every file Vite is
          // about to copy passes the course jail first (called for each asset it reads).
          assetsInlineLimit: (file: string) => {
            fileGuard.assertCopyable(file);
            return false;
          },
          rollupOptions: {
            input: [...built.pages.keys()].map((page) => path.join(courseRoot, page)),
            // Rolldown warns when a plugin takes long (PLUGIN_TIMINGS): rendering diagrams and fitting slides always does.
            checks: { pluginTimings: !!options.verbose },
          },
        },
      };
    },

    configResolved(resolved) {
      config = resolved;
    },

    resolveId(id) {
      if (id.startsWith(VIRTUAL_PREFIX)) return resolveVirtual(id.slice(VIRTUAL_PREFIX.length));
      const page = pageOf(id, courseRoot);
      if (page && site?.pages.has(page)) return path.join(courseRoot, page);
      return undefined;
    },

    load(id) {
      const page = pageOf(id, courseRoot);
      return page ? site?.pages.get(page) : undefined;
    },

    configureServer(server) {
      watchCourse(server, courseRoot, () => {
        site = undefined;
      });
      server.httpServer?.once('close', () => void closeSharedBrowser());
      server.middlewares.use(rejectTraversal);
      server.middlewares.use(fileGuard.middleware);
      server.middlewares.use(async (req, res, next) => {
        if (isSearchIndexRequest(req.url ?? '/')) {
          res.setHeader('Content-Type', 'application/json; charset=utf-8');
          res.end(serializeSearchIndex((site ?? (await loadSite())).course));
          return;
        }
        const page = requestedPage(req.url ?? '/');
        if (!page) return next();
        try {
          const current = site ?? (await loadSite());
          const html = current.pages.get(page);
          if (html === undefined) return next();
          res.setHeader('Content-Type', 'text/html; charset=utf-8');
          const file = current.course.decks.find((d) => d.page === page)?.file;
          const located = current.diagnostics.filter((d) => d.file === file);
          // `data-ld-dev` shows the boxes for what could not be rendered (src/client/dialects.css).
          const devHtml = html.replace(/^([\s\S]*?<html)\b/i, '$1 data-ld-dev');
          res.end(withDiagnosticsBanner(insertFigures(current, page, await server.transformIndexHtml(req.url ?? '/', devHtml)), located));
        } catch (error) {
          // A broken lesson must never take the dev server down: show it, keep serving.
          config?.logger.error(String((error as Error).stack ?? error));
          res.statusCode = 500;
          res.setHeader('Content-Type', 'text/html; charset=utf-8');
          res.end(renderErrorPage(error));
        }
      });
    },

    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        // Build only: the dev middleware inserts figures itself, after Vite's transform.
        if (config?.command !== 'build' || !site) return html;
        return insertFigures(site, pageOf(ctx.filename, courseRoot) ?? '', html);
      },
    },

    generateBundle() {
      // The course-wide search index, a static asset next to index.html.
      if (site) this.emitFile({ type: 'asset', fileName: SEARCH_INDEX_FILE, source: serializeSearchIndex(site.course) });
    },

    buildEnd(error) {
      buildFailed = !!error;
    },

    // Last, after the service worker is written into the staging folder.
    closeBundle: {
      sequential: true,
      order: 'post',
      async handler() {
        await closeSharedBrowser();
        if (config?.command !== 'build' || !existsSync(stagingOutDir)) return;
        if (buildFailed) return void (await rm(stagingOutDir, { recursive: true, force: true }));
        await writeBuildStamp(stagingOutDir, { safe: !!options.safe });
        await swapInto(stagingOutDir, finalOutDir);
      },
    },
  };
}

/** The options over the config file's settings (CLI callers pass `config: false`: theirs are final). */
async function withConfigFile(options: LessondeckOptions): Promise<LessondeckOptions> {
  if (options.config === false) return options;
  const { loadSettings, pluginOptionsOf } = await import('../config/index.ts');
  const settings = await loadSettings(process.cwd(), options.config);
  const fromFile = pluginOptionsOf(settings);
  return { ...fromFile, ...options, course: { ...fromFile.course, ...options.course } };
}

function resolveVirtual(rest: string): string | undefined {
  const [area, ...file] = rest.split('/');
  const relative = path.normalize(file.join('/'));
  if (relative.startsWith('..')) return undefined;
  if (area === 'themes') return path.join(THEMES_DIR, relative);
  // Pages name the client's entries as in src/ (`deck.ts`); the installed package has them compiled.
  if (area === 'client') return path.join(CLIENT_DIR, relative.replace(/\.ts$/, CODE_EXTENSION));
  return undefined;
}

/**
 * The course-relative page an id refers to (absolute path under the course root, or `/x.html`).
 * An id with a query is never a page: `x.html?html-proxy&inline-css&index=0.css` is the
 * `<style>` (or inline module script) Vite pulled out of page x, and must reach Vite's own
 * html-proxy plugin. Answering it with the page's HTML left Vite's inline-CSS result
 * undefined: the build died with "MagicStringError: content must be a string".
 */
function pageOf(id: string, courseRoot: string): string | undefined {
  if (id.includes('?')) return undefined;
  const clean = id;
  if (!clean.endsWith('.html')) return undefined;
  const absolute = clean.startsWith(courseRoot) ? clean : path.join(courseRoot, clean);
  const relative = path.relative(courseRoot, absolute);
  return relative.startsWith('..') ? undefined : relative.split(path.sep).join('/');
}

/** `/` → index.html, `/module-07/` → module-07/index.html, `/a/b.html` → a/b.html. */
function requestedPage(url: string): string | undefined {
  if (/[?&]html-proxy\b/.test(url)) return undefined; // an inline <style>/<script> of a page: Vite serves it
  const pathname = decodeURIComponent(url.split(/[?#]/)[0]!);
  if (pathname.endsWith('/')) return `${pathname.slice(1)}index.html`;
  if (pathname.endsWith('.html')) return pathname.slice(1);
  return undefined;
}

function isSearchIndexRequest(url: string): boolean {
  return url.split(/[?#]/)[0]!.endsWith(`/${SEARCH_INDEX_FILE}`);
}

function watchCourse(server: ViteDevServer, courseRoot: string, invalidate: () => void): void {
  server.watcher.add(courseRoot);
  const onChange = (file: string) => {
    if (!file.startsWith(courseRoot) || !/\.(md|markdown|mmd)$/i.test(file)) return;
    invalidate();
    server.ws.send({ type: 'full-reload', path: '*' });
  };
  server.watcher.on('change', onChange);
  server.watcher.on('add', onChange);
  server.watcher.on('unlink', onChange);
}

/** Replaces `target` with `staging` so readers never see a half-written site. */
async function swapInto(staging: string, target: string): Promise<void> {
  const old = `${target}.old-${process.pid}`;
  if (existsSync(target)) await rename(target, old);
  await rename(staging, target);
  await rm(old, { recursive: true, force: true });
}
