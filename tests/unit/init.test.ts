/** `lessondeck init`: a ready course, never over an existing file, and a --help that lists what it writes. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initCourse, packageNameFor } from '../../src/init/initCourse.ts';
import { courseTemplate } from '../../src/init/templates.ts';
import { INIT_HELP } from '../../src/cli/initHelp.ts';
import { loadCourse } from '../../src/course/loadCourse.ts';

const BIN = path.resolve('bin/lessondeck.js');
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ld-init-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('lessondeck init', () => {
  it('writes a course whose lesson has a diagram and a Dockerfile, and a lab', async () => {
    const target = path.join(dir, 'My Course');
    const written = await initCourse(target, { title: 'Containers' });
    expect(written).toEqual(expect.arrayContaining(['README.md', 'module-01/README.md', 'module-01/lessons/01-images-and-containers.md', 'module-01/labs/lab-01-build-an-image.md', 'lessondeck.config.ts', 'package.json', '.gitignore', '.github/workflows/pages.yml']));
    const pkg = JSON.parse(await readFile(path.join(target, 'package.json'), 'utf8')) as { name: string; scripts: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.name).toBe('my-course');
    expect(Object.keys(pkg.scripts)).toEqual(['dev', 'build', 'check', 'export']);
    expect(pkg.devDependencies.lessondeck).toMatch(/^\^\d+\.\d+\.\d+/);
    const lesson = await readFile(path.join(target, 'module-01/lessons/01-images-and-containers.md'), 'utf8');
    expect(lesson).toContain('```mermaid');
    expect(lesson).toContain('```dockerfile');
    expect(await readFile(path.join(target, 'lessondeck.config.ts'), 'utf8')).toContain("import { defineConfig } from 'lessondeck';");
    const workflow = await readFile(path.join(target, '.github/workflows/pages.yml'), 'utf8');
    expect(workflow).toContain('actions/deploy-pages');
    expect(workflow).toContain('npm run build');

    // The course reads as one: a module with a lesson and a lab, links that resolve.
    const course = await loadCourse(target);
    expect(course.title).toBe('Containers');
    expect(course.decks.map((d) => d.kind)).toEqual(['course', 'module', 'lesson', 'lab']);
    expect(course.decks.flatMap((d) => d.deck.diagnostics).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('refuses, writing nothing, when one of its files exists', async () => {
    await writeFile(path.join(dir, 'README.md'), 'mine\n');
    await expect(initCourse(dir)).rejects.toThrow(`lessondeck init writes nothing: README.md already exists in ${path.relative(process.cwd(), dir)}. Pick an empty folder: lessondeck init <new-folder>`);
    expect(await readFile(path.join(dir, 'README.md'), 'utf8')).toBe('mine\n');
    expect(existsSync(path.join(dir, 'package.json'))).toBe(false);
  });

  it('from the CLI: exit 1 and one line when it would overwrite', () => {
    expect(spawnSync(process.execPath, [BIN, 'init', dir], { encoding: 'utf8' }).status).toBe(0);
    const again = spawnSync(process.execPath, [BIN, 'init', dir], { encoding: 'utf8' });
    expect(again.status).toBe(1);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toContain('lessondeck init writes nothing: README.md, module-01/README.md');
  });

  it('--help lists every file it writes', () => {
    const help = spawnSync(process.execPath, [BIN, 'init', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    for (const file of Object.keys(courseTemplate({ title: 't', packageName: 'p', lessondeckRange: '^0' }))) {
      expect(INIT_HELP).toContain(file);
      expect(help.stdout).toContain(file);
    }
  });

  it('names the package after its folder', () => {
    expect(packageNameFor('/x/Docker 101!')).toBe('docker-101');
    expect(packageNameFor('/x/___')).toBe('course');
  });
});
