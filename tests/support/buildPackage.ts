/**
 * Tests run the CLI as users do, from the compiled package (dist/): this
 * brings dist/ up to date first (nothing to do when it is newer than src/).
 * Used as vitest's globalSetup and by the e2e global setup.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function buildPackage(): void {
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build-package.mjs')], { cwd: REPO_ROOT, stdio: 'inherit' });
}

export default buildPackage;
