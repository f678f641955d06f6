import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSharedBrowser } from '../../src/browser/browserService.ts';
import { buildSite } from '../../src/site/buildSite.ts';
import { insertFigures } from '../../src/site/renderSite.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const GOOD = 'graph LR\n  A[Build image] --> B[Push image]\n  style A fill:#90EE90';
const BROKEN = 'graph LR\n  A[Start --> \n  B(((';

let root = '';
let cacheDir = '';

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lessondeck-site-'));
  cacheDir = path.join(root, '.cache');
  await mkdir(path.join(root, 'module-01', 'lessons'), { recursive: true });
  const lesson = ['# Diagrams', '', '## Two of the same', '', '```mermaid', GOOD, '```', '', '```mermaid', GOOD, '```', '', '## Broken', '', '```mermaid', BROKEN, '```', ''].join('\n');
  await writeFile(path.join(root, 'module-01', 'lessons', '01-diagrams.md'), lesson);
});

afterAll(async () => {
  await closeSharedBrowser();
  await rm(root, { recursive: true, force: true });
});

describe('rendering a course site', () => {
  it('inlines SVG diagrams with unique ids and turns a broken one into a located error box', async () => {
    const site = await buildSite(root, { cacheDir });
    const page = 'module-01/lessons/01-diagrams.html';
    const html = insertFigures(site, page, site.pages.get(page)!);

    const figures = html.match(/<figure class="diagram"[^>]*><svg[^>]*id="([^"]+)"/g) ?? [];
    expect(figures).toHaveLength(2);
    const ids = figures.map((f) => /id="([^"]+)"/.exec(f)![1]);
    expect(new Set(ids).size).toBe(2);
    expect(html).toMatch(/fill:\s*#90EE90/i);
    expect(html).toContain('Build image');

    expect(html).toContain('class="diagram-error"');
    expect(html).toContain('module-01/lessons/01-diagrams.md:22'); // the diagram's third line, where mermaid stops
    const error = site.diagnostics.find((d) => d.rule === 'mermaid-syntax');
    expect(error).toMatchObject({ file: 'module-01/lessons/01-diagrams.md', line: 22, severity: 'error' });
    expect(html).not.toContain('<!--ld-diagram:');
    expect(site.pages.has('index.html')).toBe(true);
  });
});

describe('the CLI', () => {
  it('build --strict exits 1 naming file:line; a plain build succeeds and keeps the error box', () => {
    const out = path.join(root, 'out');
    const cli = (args: string[]) => spawnSync(process.execPath, [path.join(REPO, 'bin/lessondeck.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: '1' } });

    const strict = cli(['build', '--root', root, '--out', out, '--strict']);
    expect(strict.status).toBe(1);
    expect(strict.stderr).toContain('module-01/lessons/01-diagrams.md:22:1: error:');
    expect(existsSync(out)).toBe(false); // nothing half-built is left behind

    const plain = cli(['build', '--root', root, '--out', out]);
    expect(plain.status).toBe(0);
    expect(existsSync(path.join(out, 'index.html'))).toBe(true);
    expect(existsSync(path.join(out, 'module-01/lessons/01-diagrams.html'))).toBe(true);
  });

  it('built pages contain the diagrams and the error box', async () => {
    const html = await readFile(path.join(root, 'out', 'module-01/lessons/01-diagrams.html'), 'utf8');
    expect(html.match(/<figure class="diagram"/g)).toHaveLength(2);
    expect(html).toContain('class="diagram-error"');
    expect(html).toMatch(/<script type="module" crossorigin src="\.\.\/\.\.\/assets\/[^"]+\.js">/);
  });

  it('every command has --help', () => {
    for (const command of ['build', 'dev', 'preview']) {
      const result = spawnSync(process.execPath, [path.join(REPO, 'bin/lessondeck.js'), command, '--help'], { encoding: 'utf8' });
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`Usage: lessondeck ${command}`);
    }
  });
});
