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
const safeOption = () => new Option('--safe', 'untrusted course: show raw HTML in the markdown as text instead of keeping it');

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
  .option('--pdf', 'also write each deck\'s slides and handout PDFs into the site and link them (see `export`)')
  .addOption(safeOption())
  .action(async (opts: { root: string; out: string; theme?: string; strict?: boolean; base: string; browser?: string; cache: boolean; pdf?: boolean; safe?: boolean }) => {
    const { buildCourseSite } = await import('./site/viteBuild.ts');
    const { readBuildStamp } = await import('./site/buildStamp.ts');
    if (!opts.safe && readBuildStamp(path.resolve(opts.out))?.safe) console.error(`Note: ${opts.out} was built with --safe; this build is not (the course's raw HTML and scripts are kept). Add --safe if the course is not trusted.`);
    const built = await buildCourseSite({ ...pluginOptions(opts), root: opts.root, out: opts.out, base: opts.base, strict: !!opts.strict, ...(opts.pdf ? { pdfLinks: true } : {}) });
    reportDiagnostics(built.diagnostics);
    console.log(`Built ${path.relative(process.cwd(), built.outDir) || '.'} in ${built.seconds.toFixed(1)} s`);
    if (opts.pdf) {
      const { exportCourse } = await import('./export/exportCommand.ts');
      const result = await exportCourse({ root: opts.root, out: opts.out, site: opts.out, formats: ['slides', 'handout'], ...(opts.safe ? { safe: true } : {}), ...(opts.browser ? { browser: opts.browser } : {}) });
      console.log(`Wrote ${result.files.length} PDFs (${result.pages} pages) in ${result.seconds.toFixed(1)} s`);
    }
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
  .addOption(safeOption())
  .action(async (opts: { root: string; theme?: string; port: string; host?: string | boolean; open?: boolean; browser?: string; safe?: boolean }) => {
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
    const [{ preview }, { pathGuardPlugin }] = await Promise.all([loadVite(), import('./vite/pathGuard.ts')]);
    const server = await preview({
      configFile: false,
      // A missing file is a 404, not the index page; `..` in any spelling is refused.
      appType: 'mpa',
      plugins: [pathGuardPlugin(path.resolve(opts.out))],
      root: path.resolve(opts.out),
      build: { outDir: path.resolve(opts.out) },
      preview: { port: Number(opts.port), host: opts.host ?? 'localhost' },
    });
    server.printUrls();
  });

program
  .command('present')
  .description('present live: serve the built course with follow mode; prints the presenter URL (secret token), the audience URL and its QR code')
  .addOption(rootOption())
  .option('-o, --out <dir>', 'built site folder (built first when missing or older than the course)', 'dist')
  .option('-p, --port <port>', 'port', '4300')
  .option('--host <address>', 'listen on this address, e.g. 0.0.0.0 for devices on the network (default: 127.0.0.1 only)')
  .option('--no-build', 'serve the existing build as is, never rebuild')
  .option('--allow-host <names...>', 'also answer requests for these host names of this machine (IP addresses, localhost and the machine name always work; others are refused against DNS rebinding)')
  .addOption(safeOption())
  .action(async (opts: { root: string; out: string; port: string; host?: string; build: boolean; safe?: boolean; allowHost?: string[] }) => {
    const { present } = await import('./present/present.ts');
    await present({ root: opts.root, out: opts.out, port: Number(opts.port), build: opts.build, ...(opts.safe ? { safe: true } : {}), ...(opts.host ? { host: opts.host } : {}), ...(opts.allowHost?.length ? { allowHosts: opts.allowHost } : {}) });
  });

program
  .command('export')
  .description('export PDFs: slides (one page per slide), handouts with notes (N per page), the speaker script, or the whole course with bookmarks')
  .argument('[files...]', 'lesson markdown files to export (default: every deck of the course)')
  .addOption(rootOption())
  .option('-o, --out <dir>', 'output folder for the PDFs', 'pdf')
  .addOption(new Option('-f, --format <formats>', 'slides, handout, notes or course (comma-separated for several)').default('slides'))
  .addOption(new Option('--paper <size>', 'paper for handouts and the speaker script').choices(['a4', 'letter']).default('a4'))
  .addOption(new Option('--per-page <n>', 'slides per handout page').choices(['1', '2', '3', '4', '6']).default('3'))
  .option('--with-steps', 'slides PDF: one page per fragment step instead of the final state')
  .option('--site <dir>', 'print from this built site instead of building the course first')
  .addOption(themeOption())
  .addOption(browserOption())
  .addOption(safeOption())
  .action(async (files: string[], opts: { root: string; out: string; format: string; paper: 'a4' | 'letter'; perPage: string; withSteps?: boolean; site?: string; theme?: string; browser?: string; safe?: boolean }) => {
    const { exportCourse, parseFormats } = await import('./export/exportCommand.ts');
    const result = await exportCourse({
      root: opts.root,
      out: opts.out,
      files,
      formats: parseFormats(opts.format),
      paper: opts.paper,
      perPage: Number(opts.perPage) as 1 | 2 | 3 | 4 | 6,
      withSteps: !!opts.withSteps,
      ...(opts.safe ? { safe: true } : {}),
      ...(opts.site ? { site: opts.site } : {}),
      ...(opts.theme ? { theme: opts.theme } : {}),
      ...(opts.browser ? { browser: opts.browser } : {}),
    });
    reportDiagnostics(result.diagnostics);
    console.log(`Exported ${result.files.length} PDF${result.files.length === 1 ? '' : 's'} (${result.pages} pages) in ${result.seconds.toFixed(1)} s${result.siteBuilt ? ' (site built first)' : ''}`);
  });

function pluginOptions(opts: { root: string; theme?: string; browser?: string; cache?: boolean; safe?: boolean }): LessondeckOptions {
  return {
    root: opts.root,
    ...(opts.safe ? { safe: true } : {}),
    ...(opts.theme ? { theme: opts.theme } : {}),
    ...(opts.browser ? { browser: opts.browser } : {}),
    ...(opts.cache === false ? { cacheDir: false } : {}),
  };
}

/** Errors and warnings; `info` lines (how a file was read) are for `check`. */
function reportDiagnostics(all: Diagnostic[]): void {
  const diagnostics = all.filter((d) => d.severity !== 'info');
  for (const d of diagnostics) console.error(formatDiagnostic(d));
  if (diagnostics.length) {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    console.error(`${errors} error(s), ${diagnostics.length - errors} warning(s)`);
  }
}

program
  .command('check')
  .description('lint the course: diagram syntax, links and anchors, images, code languages, slides that overflow, empty slides, duplicate ids, front matter; exits 1 on errors')
  .addOption(rootOption())
  .addOption(new Option('-f, --format <format>', 'report as compiler-style lines or a JSON array').choices(['text', 'json']).default('text'))
  .addOption(themeOption())
  .addOption(browserOption())
  .option('--no-cache', 'render and measure everything again instead of using the cache')
  .addOption(safeOption())
  .action(async (opts: { root: string; format: 'text' | 'json'; theme?: string; browser?: string; cache: boolean; safe?: boolean }) => {
    const { checkCourse, formatReport } = await import('./check/checkCourse.ts');
    const { hasErrors } = await import('./diagnostics.ts');
    const diagnostics = await checkCourse(opts.root, pluginOptions(opts));
    process.stdout.write(formatReport(diagnostics, opts.format));
    process.exitCode = hasErrors(diagnostics) ? 1 : 0;
  });

// A command whose promise never settles while nothing keeps Node busy would otherwise end with
// exit code 0 and no output (it happened with a browser that died at start-up): never a green run.
let settled = false;
process.once('beforeExit', () => {
  if (settled) return;
  console.error('lessondeck stopped before the command finished (an operation never completed). This is a bug in lessondeck: please report it with the command you ran.');
  process.exitCode = 1;
});

program.parseAsync().then(() => {
  settled = true;
}, (error: unknown) => {
  settled = true;
  // Our errors (no browser, strict build failures) carry a complete message; no stack needed.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
