/**
 * The `lessondeck` command: thin over the modules, one subcommand each.
 */
import { Command, Option } from 'commander';
import path from 'node:path';
import { formatDiagnostic, type Diagnostic } from './diagnostics.ts';
import type { LessondeckOptions } from './vite/plugin.ts';

// Vite, shiki and the plugin load only when a command runs, so `--help` is instant.
const loadVite = () => import('vite');
const loadPlugin = async () => (await import('./vite/plugin.ts')).lessondeck;

const program = new Command();
program
  .name('lessondeck')
  .description('Turn a course folder of lesson markdown into reveal.js slide decks (Vite, shiki, build-time Mermaid).')
  .version('0.1.0')
  .showHelpAfterError();

const rootOption = () => new Option('-r, --root <dir>', 'course folder (module-*/README.md, lessons/, labs/)').default('slides');
const themeOption = () => new Option('-t, --theme <name>', 'theme for every deck: light, dark or high-contrast (default: front matter, else light)');
const browserOption = () => new Option('--browser <path>', 'Chrome/Chromium executable for rendering diagrams (or env LESSONDECK_BROWSER)');

program
  .command('build')
  .description('build the course into a static site: one deck per lesson plus a course index')
  .addOption(rootOption())
  .option('-o, --out <dir>', 'output folder', 'dist')
  .addOption(themeOption())
  .option('--strict', 'exit non-zero when the course has errors (e.g. a broken diagram), naming file:line')
  .option('--base <url>', 'public base path of the site', './')
  .addOption(browserOption())
  .option('--no-cache', 'render every diagram again instead of using the cache')
  .action(async (opts: { root: string; out: string; theme?: string; strict?: boolean; base: string; browser?: string; cache: boolean }) => {
    const diagnostics: Diagnostic[] = [];
    const started = performance.now();
    const [{ build }, lessondeck] = await Promise.all([loadVite(), loadPlugin()]);
    await build({
      configFile: false,
      base: opts.base,
      logLevel: 'warn',
      build: { outDir: path.resolve(opts.out) },
      plugins: [lessondeck({ ...pluginOptions(opts), strict: !!opts.strict, onDiagnostics: (d) => diagnostics.push(...d) })],
    });
    reportDiagnostics(diagnostics);
    console.log(`Built ${path.relative(process.cwd(), path.resolve(opts.out)) || '.'} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });

program
  .command('dev')
  .description('serve the course with live reload: saving a lesson or diagram updates the open deck')
  .addOption(rootOption())
  .addOption(themeOption())
  .option('-p, --port <port>', 'port', '5173')
  .option('--host [address]', 'listen on this address (default: localhost only)')
  .option('--open', 'open the course index in a browser')
  .addOption(browserOption())
  .action(async (opts: { root: string; theme?: string; port: string; host?: string | boolean; open?: boolean; browser?: string }) => {
    const [{ createServer }, lessondeck] = await Promise.all([loadVite(), loadPlugin()]);
    const server = await createServer({
      configFile: false,
      server: { port: Number(opts.port), host: opts.host ?? 'localhost', open: opts.open ?? false },
      plugins: [lessondeck({ ...pluginOptions(opts), onDiagnostics: reportDiagnostics })],
    });
    await server.listen();
    server.printUrls();
  });

program
  .command('preview')
  .description('serve a built site (from `lessondeck build`) on localhost')
  .option('-o, --out <dir>', 'built site folder', 'dist')
  .option('-p, --port <port>', 'port', '4173')
  .option('--host [address]', 'listen on this address (default: localhost only)')
  .action(async (opts: { out: string; port: string; host?: string | boolean }) => {
    const { preview } = await loadVite();
    const server = await preview({
      configFile: false,
      root: path.resolve(opts.out),
      build: { outDir: path.resolve(opts.out) },
      preview: { port: Number(opts.port), host: opts.host ?? 'localhost' },
    });
    server.printUrls();
  });

function pluginOptions(opts: { root: string; theme?: string; browser?: string; cache?: boolean }): LessondeckOptions {
  return {
    root: opts.root,
    ...(opts.theme ? { theme: opts.theme } : {}),
    ...(opts.browser ? { browser: opts.browser } : {}),
    ...(opts.cache === false ? { cacheDir: false } : {}),
  };
}

function reportDiagnostics(diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) console.error(formatDiagnostic(d));
  if (diagnostics.length) {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    console.error(`${errors} error(s), ${diagnostics.length - errors} warning(s)`);
  }
}

program.parseAsync().catch((error: unknown) => {
  // Our errors (no browser, strict build failures) carry a complete message; no stack needed.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
