/**
 * The `lessondeck` command: thin over the modules, one subcommand each. Every
 * command starts from the effective settings (lessondeck.config.* over the
 * defaults, src/config) with the flags typed on the command line on top.
 */
import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LessondeckSettings } from '../config/types.ts';
import { PACKAGE_ROOT } from '../packageLayout.ts';
import { requireBuiltSite, requireCourseFolder, requireScale, requireTheme } from './checks.ts';
import { typedFlags, withFlags, type OutMeaning } from './flags.ts';
import { reportDiagnostics } from './reportDiagnostics.ts';
import { INIT_HELP } from './initHelp.ts';
import { defaultDrawingsFile } from '../present/drawingsFile.ts';

// Vite, shiki, the plugin and even the config loader load only when a command runs, so `--help` is instant.
const loadVite = () => import('vite');
const loadPlugin = async () => (await import('../vite/plugin.ts')).lessondeck;
const loadConfigModule = () => import('../config/index.ts');

const VERSION = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const program = new Command();
program
  .name('lessondeck')
  .description('Turn a course folder of lesson markdown into reveal.js slide decks (Vite, shiki, build-time Mermaid).')
  .version(VERSION)
  .option('-c, --config <file>', 'config file (default: lessondeck.config.ts, .mts, .js, .mjs or .json in the working directory)')
  .option('--print-config', 'print the effective settings (config file, defaults and the flags given) as JSON and exit')
  .showHelpAfterError()
  .action(async () => {
    if (program.opts().printConfig) return printSettings(await baseSettings());
    program.help();
  });

const rootOption = () => new Option('-r, --root <dir>', 'course folder (module-*/README.md, lessons/, labs/); default: config "root", else slides');
const themeOption = () => new Option('-t, --theme <name>', 'theme for every deck, over front matter: light, dark or high-contrast (config "theme" is only the default)');
const browserOption = () => new Option('--browser <path>', 'Chrome/Chromium executable for rendering diagrams (or env LESSONDECK_BROWSER)');
const safeOption = () => new Option('--safe', 'untrusted course: show raw HTML in the markdown as text instead of keeping it');

async function baseSettings(): Promise<LessondeckSettings> {
  const { loadSettings } = await loadConfigModule();
  return loadSettings(process.cwd(), program.opts().config as string | undefined);
}

/**
 * The settings a command runs with; `--print-config` prints them instead (and
 * returns undefined). The course folder and the theme are checked up front.
 */
async function settingsFor(command: Command, out: OutMeaning = 'site', server?: 'dev' | 'present', needs: { course?: boolean } = { course: true }): Promise<LessondeckSettings | undefined> {
  const settings = withFlags(await baseSettings(), typedFlags(command), out, server);
  if (program.opts().printConfig) return void printSettings(settings);
  requireTheme(settings.theme);
  if (needs.course) requireCourseFolder(settings.root);
  return settings;
}

function printSettings(settings: LessondeckSettings): void {
  process.stdout.write(`${JSON.stringify(settings, null, 2)}\n`);
}

/** The theme forced on every deck: `--theme` only (the config's theme is a default front matter overrides). */
const forcedTheme = (command: Command) => typedFlags(command).theme as string | undefined;

program
  .command('init')
  .description('start a new course in [dir] (default: the current folder); never overwrites a file')
  .argument('[dir]', 'folder for the course', '.')
  .option('--title <title>', 'the course title', 'My course')
  .addHelpText('after', INIT_HELP)
  .action(async (dir: string, opts: { title: string }) => {
    const { initCourse } = await import('../init/initCourse.ts');
    const written = await initCourse(path.resolve(dir), { title: opts.title });
    const shown = path.relative(process.cwd(), path.resolve(dir)) || '.';
    console.log(`Created a course in ${shown}:\n${written.map((f) => `  ${f}`).join('\n')}\n\nNext:\n${shown === '.' ? '' : `  cd ${shown}\n`}  npm install\n  npm run dev`);
  });

program
  .command('build')
  .description('build the course into a static site: one deck per lesson plus a course index')
  .addOption(rootOption())
  .option('-o, --out <dir>', 'output folder; default: config "outDir", else dist')
  .addOption(themeOption())
  .option('--strict', 'exit non-zero when the course has errors (e.g. a broken diagram), naming file:line')
  .option('--base <url>', 'public base path of the site; default: config "base", else ./')
  .addOption(browserOption())
  .option('--no-cache', 'render every diagram again instead of using the cache')
  .option('--pdf [formats]', 'also export each deck into the site and link the files from the index and the deck: slides and handout PDFs, or the formats given (comma-separated, as `export --format`; default: config "pdf.buildFormats")')
  .addOption(safeOption())
  .option('--verbose', 'also print Vite\'s own messages (e.g. slow plugin timings)')
  .action(async (opts: { cache: boolean; pdf?: boolean | string; verbose?: boolean }, command: Command) => {
    const settings = await settingsFor(command);
    if (!settings) return;
    const [{ buildCourseSite }, { pluginOptionsOf }] = await Promise.all([import('../site/viteBuild.ts'), loadConfigModule()]);
    const forceTheme = forcedTheme(command);
    const { readBuildStamp } = await import('../site/buildStamp.ts');
    if (!settings.safe && readBuildStamp(settings.outDir)?.safe) console.error(`Note: ${path.relative(process.cwd(), settings.outDir) || '.'} was built with --safe; this build is not (the course's raw HTML and scripts are kept). Add --safe if the course is not trusted.`);
    const { parseFormats } = await import('../export/exportCommand.ts');
    const pdfFormats = opts.pdf ? parseFormats(typeof opts.pdf === 'string' ? opts.pdf : settings.pdf.buildFormats.join(',')) : [];
    const built = await buildCourseSite({
      ...pluginOptionsOf(settings, { ...(forceTheme ? { forceTheme } : {}), cache: opts.cache }),
      root: settings.root,
      out: settings.outDir,
      base: settings.base,
      ...(opts.pdf ? { pdfLinks: pdfFormats } : {}),
      ...(opts.verbose ? { verbose: true } : {}),
    });
    reportDiagnostics(built.diagnostics);
    console.log(`Built ${path.relative(process.cwd(), built.outDir) || '.'} in ${built.seconds.toFixed(1)} s`);
    if (opts.pdf) {
      const { exportCourse } = await import('../export/exportCommand.ts');
      const result = await exportCourse({ root: settings.root, out: settings.outDir, site: settings.outDir, formats: pdfFormats, paper: settings.pdf.paper, perPage: settings.pdf.perPage, scale: settings.pdf.scale, tagged: settings.pdf.tagged, ...(settings.safe ? { safe: true } : {}), ...(settings.browser ? { browser: settings.browser } : {}) });
      console.log(`Wrote ${result.files.length} exports (${result.pages} pages) in ${result.seconds.toFixed(1)} s`);
    }
  });

program
  .command('dev')
  .description('serve the course with live reload: saving a lesson or diagram updates the open deck')
  .addOption(rootOption())
  .addOption(themeOption())
  .option('-p, --port <port>', 'port; default: config "dev.port", else 5173')
  .option('--host [address]', 'listen on this address (default: localhost only; --host alone: every address)')
  .option('--open', 'open the course index in a browser')
  .addOption(browserOption())
  .addOption(safeOption())
  .action(async (opts: { open?: boolean }, command: Command) => {
    const settings = await settingsFor(command, 'site', 'dev');
    if (!settings) return;
    const [{ createServer }, lessondeck, { pluginOptionsOf }] = await Promise.all([loadVite(), loadPlugin(), loadConfigModule()]);
    const forceTheme = forcedTheme(command);
    const server = await createServer({
      configFile: false,
      server: { port: settings.dev.port, host: settings.dev.host, open: opts.open ?? false },
      plugins: [lessondeck({ ...pluginOptionsOf(settings, forceTheme ? { forceTheme } : {}), onDiagnostics: reportDiagnostics })],
    });
    await server.listen();
    server.printUrls();
  });

program
  .command('preview')
  .description('serve a built site (from `lessondeck build`) on localhost')
  .option('-o, --out <dir>', 'built site folder; default: config "outDir", else dist')
  .option('-p, --port <port>', 'port', '4173')
  .option('--host [address]', 'listen on this address (default: localhost only)')
  .action(async (opts: { port: string; host?: string | boolean }, command: Command) => {
    const settings = await settingsFor(command, 'site', undefined, { course: false });
    if (!settings) return;
    requireBuiltSite(settings.outDir);
    const [{ preview }, { pathGuardPlugin }] = await Promise.all([loadVite(), import('../vite/pathGuard.ts')]);
    const server = await preview({
      configFile: false,
      // A missing file is a 404, not the index page; `..` in any spelling is refused.
      appType: 'mpa',
      plugins: [pathGuardPlugin(settings.outDir)],
      // Preview serves root/build.outDir. The site's parent as root keeps Vite from warning
      // that an outDir equal to the root "could overwrite source files" (preview writes nothing).
      root: path.dirname(settings.outDir),
      build: { outDir: path.basename(settings.outDir) },
      preview: { port: Number(opts.port), host: opts.host ?? 'localhost' },
    });
    server.printUrls();
  });

program
  .command('present')
  .description('present live: serve the built course with follow mode; prints the presenter URL (secret token), the audience URL and its QR code')
  .addOption(rootOption())
  .option('-o, --out <dir>', 'built site folder (built first when missing or older than the course); default: config "outDir", else dist')
  .option('-p, --port <port>', 'port; default: config "present.port", else 4300')
  .option('--host <address>', 'listen on this address, e.g. 0.0.0.0 for phones on the network (default: config "present.host", else 127.0.0.1 only)')
  .option('--no-build', 'serve the existing build as is, never rebuild')
  .option('--allow-host <names...>', 'also answer requests for these host names of this machine (IP addresses, localhost and the machine name always work; others are refused against DNS rebinding)')
  .option('--redis <url>', 'share the room with other present processes through this Redis (redis://host:6379): position, answers, lab progress, drawings; a process can restart without losing them')
  .option('--room <name>', 'room name on that Redis, to keep several classes apart (default: default)')
  .option('--drawings <file>', 'where the pen\'s drawings are saved as you draw, for export --with-drawings (default: .lessondeck/drawings.json in the course folder; drawings-ROOM.json with --room)')
  .addOption(safeOption())
  .action(async (opts: { build: boolean; allowHost?: string[]; redis?: string; room?: string; drawings?: string }, command: Command) => {
    if (opts.room !== undefined && !/^[\w-]{1,64}$/.test(opts.room)) throw new Error(`--room "${opts.room}": use 1 to 64 letters, digits, _ or -.`);
    const settings = await settingsFor(command, 'site', 'present', { course: opts.build });
    if (!settings) return;
    if (!opts.build) requireBuiltSite(settings.outDir);
    const { present } = await import('../present/present.ts');
    await present({ root: settings.root, out: settings.outDir, port: settings.present.port, build: opts.build, host: settings.present.host, ...(settings.safe ? { safe: true } : {}), ...(opts.allowHost?.length ? { allowHosts: opts.allowHost } : {}), ...(opts.redis ? { redis: opts.redis } : {}), ...(opts.room ? { room: opts.room } : {}), ...(opts.drawings ? { drawingsFile: opts.drawings } : {}) });
  });

program
  .command('export')
  .description('export the decks: tagged PDFs (slides, handouts with notes, student handouts, the speaker script, the whole course with bookmarks), editable PowerPoint (pptx) and PNG images')
  .argument('[files...]', 'lesson markdown files to export (default: every deck of the course)')
  .addOption(rootOption())
  .option('-o, --out <dir>', 'output folder; default: config "pdf.outDir", else pdf')
  .option('-f, --format <formats>', 'slides, handout, student, notes, course, pptx or png (comma-separated for several); default: config "pdf.formats", else slides')
  .addOption(new Option('--paper <size>', 'paper for handouts and the speaker script; default: config "pdf.paper", else a4').choices(['a4', 'letter']))
  .addOption(new Option('--per-page <n>', 'slides per handout page; default: config "pdf.perPage", else 3').choices(['1', '2', '3', '4', '6']))
  .option('--with-steps', 'slides PDF and PNG: one page (image) per fragment step instead of the final state')
  .option('--scale <n>', 'PNG: pixels per slide pixel, 1 = 1280×720, 2 = 2560×1440; default: config "pdf.scale", else 1')
  .option('--no-tagged', 'PDFs without the structure tree (tags) and outline screen readers use; default: tagged')
  .option('--site <dir>', 'print from this built site instead of building the course first')
  .option('--with-drawings [file]', 'slides, handout, notes, course PDFs and PNG: print the pen drawings of the last present session on their slides (default file: .lessondeck/drawings.json in the course folder)')
  .addOption(themeOption())
  .addOption(browserOption())
  .addOption(safeOption())
  .action(async (files: string[], opts: { site?: string; withDrawings?: string | true }, command: Command) => {
    const settings = await settingsFor(command, 'pdf');
    if (!settings) return;
    if (opts.site) requireBuiltSite(path.resolve(opts.site));
    const [{ exportCourse, parseFormats }, { exportOptionsOf }] = await Promise.all([import('../export/exportCommand.ts'), loadConfigModule()]);
    const theme = forcedTheme(command) ?? settings.theme;
    requireScale(settings.pdf.scale);
    const result = await exportCourse({
      ...exportOptionsOf(settings),
      files,
      formats: parseFormats(settings.pdf.formats.join(',')),
      ...(settings.safe ? { safe: true } : {}),
      ...(opts.site ? { site: opts.site } : {}),
      ...(theme ? { theme } : {}),
      ...(opts.withDrawings ? { withDrawings: opts.withDrawings === true ? defaultDrawingsFile(settings.root) : path.resolve(opts.withDrawings) } : {}),
    });
    reportDiagnostics(result.diagnostics);
    console.log(`Exported ${result.files.length} file${result.files.length === 1 ? '' : 's'} (${result.pages} pages) in ${result.seconds.toFixed(1)} s${result.siteBuilt ? ' (site built first)' : ''}`);
  });

program
  .command('check')
  .description('lint the course: diagram syntax, links and anchors, images, code languages, slides that overflow, empty slides, duplicate ids, front matter; exits 1 on errors')
  .addOption(rootOption())
  .addOption(new Option('-f, --format <format>', 'report as compiler-style lines or a JSON array').choices(['text', 'json']).default('text'))
  .addOption(themeOption())
  .addOption(browserOption())
  .option('--no-cache', 'render and measure everything again instead of using the cache')
  .addOption(safeOption())
  .action(async (opts: { format: 'text' | 'json'; cache: boolean }, command: Command) => {
    const settings = await settingsFor(command);
    if (!settings) return;
    const [{ checkCourse, formatReport }, { hasErrors }, { pluginOptionsOf }] = await Promise.all([import('../check/checkCourse.ts'), import('../diagnostics.ts'), loadConfigModule()]);
    const forceTheme = forcedTheme(command);
    const diagnostics = await checkCourse(settings.root, pluginOptionsOf(settings, { ...(forceTheme ? { forceTheme } : {}), cache: opts.cache }));
    process.stdout.write(formatReport(diagnostics, opts.format));
    process.exitCode = hasErrors(diagnostics) ? 1 : 0;
  });

export async function runCli(argv: string[] = process.argv): Promise<void> {
  // A command whose promise never settles while nothing keeps Node busy would otherwise end with
  // exit code 0 and no output (it happened with a browser that died at start-up): never a green run.
  let settled = false;
  process.once('beforeExit', () => {
    if (settled) return;
    console.error('lessondeck stopped before the command finished (an operation never completed). This is a bug in lessondeck: please report it with the command you ran.');
    process.exitCode = 1;
  });
  try {
    await program.parseAsync(argv);
    settled = true;
  } catch (error) {
    settled = true;
    // Our errors (no browser, a bad config, strict build failures) carry a complete message; no stack needed.
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
