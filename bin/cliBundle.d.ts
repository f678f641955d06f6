// Types for cliBundle.js (plain JavaScript: it runs before any TypeScript can).
export interface BundleSources {
  /** The TypeScript source folder. */
  sourceDir: string;
  /** Its entry file, inside sourceDir. */
  entry: string;
  /** Where bundles are kept, one folder per state of the sources. */
  cacheDir: string;
}

export function runCli(): Promise<void>;
export function sourcesFingerprint(sourceDir: string): string;
export function bundleForSources(sources: BundleSources): Promise<string>;
