/**
 * The config file: every format loads, wrong keys and types are errors that
 * name the file and the key, and flags typed on the command line win over it
 * (front matter over both is tested through the build settings).
 */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, defineConfig, loadConfig, loadSettings, resolveSettings, validateConfig } from '../../src/config/index.ts';
import { lessonFitSettings } from '../../src/fit/fitSettings.ts';
import { filterLessonFiles } from '../../src/course/lessonFilter.ts';
import { dialectSwitches } from '../../src/dialects/context.ts';
import { withFlags } from '../../src/cli/flags.ts';
import type { Deck } from '../../src/slides/model.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ld-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loading', () => {
  it('reads lessondeck.config.json', async () => {
    await writeFile(path.join(dir, 'lessondeck.config.json'), JSON.stringify({ title: 'JSON course', fit: { minDiagramLabel: 12 } }));
    const loaded = await loadConfig(dir);
    expect(loaded?.file).toBe(path.join(dir, 'lessondeck.config.json'));
    expect(loaded?.config).toEqual({ title: 'JSON course', fit: { minDiagramLabel: 12 } });
  });

  it('reads lessondeck.config.ts with types, through Vite\'s loader', async () => {
    await writeFile(
      path.join(dir, 'lessondeck.config.ts'),
      "interface Extra { paper: 'letter' }\nconst extra: Extra = { paper: 'letter' };\nexport default { title: 'TS course', root: 'course', pdf: { paper: extra.paper } };\n",
    );
    const settings = await loadSettings(dir);
    expect(settings.title).toBe('TS course');
    expect(settings.root).toBe(path.join(dir, 'course')); // relative to the config file
    expect(settings.pdf.paper).toBe('letter');
  });

  it('reads lessondeck.config.mjs', async () => {
    await writeFile(path.join(dir, 'lessondeck.config.mjs'), "export default { theme: 'dark' };\n");
    expect((await loadConfig(dir))?.config).toEqual({ theme: 'dark' });
  });

  it('has none when no file is there, and the defaults apply', async () => {
    expect(await loadConfig(dir)).toBeUndefined();
    const settings = resolveSettings(undefined, undefined, dir);
    expect(settings).toMatchObject({ root: path.join(dir, 'slides'), outDir: path.join(dir, 'dist'), base: './', present: { port: 4300, host: '127.0.0.1' } });
  });

  it('defineConfig returns its argument', () => {
    const config = { title: 'x', fit: { longCode: 'split' as const } };
    expect(defineConfig(config)).toBe(config);
  });
});

describe('errors name the file and the key', () => {
  const problems = (value: unknown) => {
    try {
      validateConfig(value, 'lessondeck.config.ts');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    return '';
  };

  it('an unknown key, with the likely one', () => {
    expect(problems({ fit: { minDiagramLabl: 12 } })).toBe('lessondeck.config.ts: unknown key "fit.minDiagramLabl" (did you mean "minDiagramLabel"?)');
    expect(problems({ colour: 'red' })).toMatch(/^lessondeck\.config\.ts: unknown key "colour"; known keys here: title, root/);
  });

  it('a wrong type or value', () => {
    expect(problems({ fit: { minDiagramLabel: '12' } })).toBe('lessondeck.config.ts: "fit.minDiagramLabel" must be a number, got "12"');
    expect(problems({ pdf: { perPage: 5 } })).toBe('lessondeck.config.ts: "pdf.perPage" must be one of 1, 2, 3, 4, 6, got number 5');
    expect(problems({ lessons: { exclude: 'drafts/**' } })).toBe('lessondeck.config.ts: "lessons.exclude" must be a list, got "drafts/**"');
    expect(problems({ present: { port: 80.5 } })).toBe('lessondeck.config.ts: "present.port" must be a whole number, got number 80.5');
  });

  it('an unknown theme lists the themes', () => {
    expect(problems({ theme: 'drak' })).toBe('lessondeck.config.ts: "theme" is "drak", which is not a theme; use one of: light, dark, high-contrast');
  });

  it('every problem at once', () => {
    expect(problems({ strict: 'yes', fit: { longCode: 'scroll' } }).split('\n')).toHaveLength(2);
  });

  it('a file that does not parse', async () => {
    await writeFile(path.join(dir, 'lessondeck.config.json'), '{ "title": ');
    await expect(loadConfig(dir)).rejects.toThrow(/lessondeck\.config\.json: could not be read: /);
  });
});

describe('precedence: config < CLI flags < front matter', () => {
  const settings = resolveSettings({ root: 'course', theme: 'dark', fit: { minDiagramLabel: 12, longCode: 'split' }, pdf: { paper: 'letter' }, present: { port: 5000 } }, '/project/lessondeck.config.ts');

  it('a typed flag replaces the config value; the others stay', () => {
    const flagged = withFlags(settings, { root: 'other', paper: 'a4', out: 'handouts' }, 'pdf');
    expect(flagged.root).toBe(path.resolve('other'));
    expect(flagged.pdf).toMatchObject({ paper: 'a4', outDir: path.resolve('handouts') });
    expect(flagged.theme).toBe('dark');
    expect(withFlags(settings, { port: '6000' }, 'site', 'present').present.port).toBe(6000);
    expect(withFlags(settings, {}, 'site', 'present').present.port).toBe(5000);
  });

  it('front matter wins over the config file\'s fit settings, key by key', () => {
    const deck = (frontMatter: Record<string, unknown>) => ({ file: 'a.md', frontMatter }) as unknown as Deck;
    const defaults = { minDiagramLabel: 12, longCode: 'split' as const };
    expect(lessonFitSettings(deck({}), [], defaults)).toMatchObject({ minLabelPx: 12, longCode: 'split' });
    expect(lessonFitSettings(deck({ minDiagramLabel: 18 }), [], defaults)).toMatchObject({ minLabelPx: 18, longCode: 'split' });
  });

  it('front matter `lessondeck:` switches win over the config file\'s dialects', () => {
    expect(dialectSwitches({}, {}, { scripts: 'keep', liquid: true })).toEqual({ scripts: 'keep', liquid: true });
    expect(dialectSwitches({ lessondeck: { scripts: 'drop' } }, {}, { scripts: 'keep' }).scripts).toBe('drop');
  });
});

describe('lessons include / exclude', () => {
  const files = ['README.md', 'module-01/README.md', 'module-01/lessons/01-a.md', 'drafts/x.md', 'module-01/drafts/y.md'];
  it('globs: * within a folder, ** across folders', () => {
    expect(filterLessonFiles(files, { exclude: ['**/drafts/**'] })).toEqual(['README.md', 'module-01/README.md', 'module-01/lessons/01-a.md']);
    expect(filterLessonFiles(files, { include: ['*.md', 'module-*/lessons/*.md'] })).toEqual(['README.md', 'module-01/lessons/01-a.md']);
  });
});

describe('a course built with a config file', () => {
  it('takes its title, and its lesson filter', async () => {
    const { loadCourse } = await import('../../src/course/loadCourse.ts');
    await mkdir(path.join(dir, 'module-01', 'lessons'), { recursive: true });
    await writeFile(path.join(dir, 'README.md'), '# From the README\n');
    await writeFile(path.join(dir, 'module-01', 'lessons', '01-a.md'), '# A\n\n## One\n\nText.\n');
    await writeFile(path.join(dir, 'module-01', 'lessons', '02-draft.md'), '# Draft\n');
    const course = await loadCourse(dir, { title: 'From the config', lessons: { exclude: ['**/*-draft.md'] } });
    expect(course.title).toBe('From the config');
    expect(course.decks.map((d) => d.file)).toEqual(['README.md', 'module-01/lessons/01-a.md']);
  });
});
