/**
 * What a built site was built with that decides whether it may be reused:
 * today `--safe`. Written into the site (a dotfile, never served) by the build
 * just before the site is swapped in, and read by `present`, `export` and
 * `build`, so a site built safe is never silently rebuilt or served unsafe.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

export const BUILD_STAMP_FILE = '.lessondeck-build.json';

export interface BuildStamp {
  safe: boolean;
}

export async function writeBuildStamp(siteDir: string, stamp: BuildStamp): Promise<void> {
  await writeFile(path.join(siteDir, BUILD_STAMP_FILE), `${JSON.stringify(stamp)}\n`);
}

/** The stamp of a built site, or undefined (no site, a site from before stamps, an unreadable stamp). */
export function readBuildStamp(siteDir: string): BuildStamp | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path.join(siteDir, BUILD_STAMP_FILE), 'utf8')) as Partial<BuildStamp>;
    return typeof parsed.safe === 'boolean' ? { safe: parsed.safe } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a rebuild of `siteDir` must be safe: when asked to, and when the site there was
 * built safe (it was meant for an untrusted course; dropping --safe needs saying so).
 */
export function rebuildSafely(siteDir: string, askedSafe: boolean): { safe: boolean; keptFromSite: boolean } {
  if (askedSafe) return { safe: true, keptFromSite: false };
  const kept = readBuildStamp(siteDir)?.safe === true;
  return { safe: kept, keptFromSite: kept };
}
