/**
 * What a course's `lessondeck.config.ts` (or .mts, .js, .mjs, .json) may say.
 * Every key is optional: CLI flags override it, and a lesson's front matter
 * overrides it for that lesson (theme, fit, slides.mode, dialects).
 */
export type FitModeSetting = 'auto' | 'split' | 'scale' | 'none';
export type LongCodeSetting = 'walkthrough' | 'split';
export type SlideModeSetting = 'auto' | 'document' | 'slides';
export type PdfFormatSetting = 'slides' | 'handout' | 'student' | 'notes' | 'course' | 'pptx' | 'png';
export type PaperSetting = 'a4' | 'letter';
export type PerPageSetting = 1 | 2 | 3 | 4 | 6;

export interface LessondeckConfig {
  /** The course's title on the index page and in every deck (default: the course README's `#` heading). */
  title?: string;
  /** The course folder, relative to the config file (default `slides`; `lessondeck init` writes `.`). */
  root?: string;
  /** Where `build` writes the site, relative to the config file (default `dist`). */
  outDir?: string;
  /** Public base path of the built site (default `./`, which works from any folder). */
  base?: string;
  /** Default theme: light, dark or high-contrast (a lesson's front matter `theme` wins). */
  theme?: string;
  /** Which markdown files of the course folder become pages. */
  lessons?: {
    /** Globs relative to the course folder (`*` within a folder, `**` across folders); default every `.md`. */
    include?: string[];
    /** Globs of files to leave out, e.g. `drafts/**`. */
    exclude?: string[];
  };
  /** How lessons are cut into slides. */
  slides?: {
    /** `document` (headings become slides, long prose becomes notes), `slides` (cut at `---`) or `auto` (detected per file). Front matter `mode` wins. */
    mode?: SlideModeSetting;
  };
  /** How slides that do not fit are handled (front matter keys of the same names win). */
  fit?: {
    /** `auto` (split, then scale), `split`, `scale` or `none`. */
    mode?: FitModeSetting;
    /** Smallest code font in slide pixels at 1280×720 (at least 12; default 16). */
    minCodeSize?: number;
    /** Diagram labels smaller than this many slide pixels are reported by `check` (default 14). */
    minDiagramLabel?: number;
    /** Code taller than a slide: one stepped `walkthrough` window (default) or `split` into parts. */
    longCode?: LongCodeSetting;
  };
  /** Defaults of `lessondeck export`. */
  pdf?: {
    /** Output folder for the PDFs (default `pdf`). */
    outDir?: string;
    /** Which PDFs (default `['slides']`). */
    formats?: PdfFormatSetting[];
    /** Paper for handouts and the speaker script (default `a4`). */
    paper?: PaperSetting;
    /** Slides per handout page (default 3). */
    perPage?: PerPageSetting;
    /** Slides PDF and PNG: a page per fragment step (default false). */
    withSteps?: boolean;
    /** PNG: pixels per CSS px, 1 = 1280×720 (default 1). */
    scale?: number;
    /** Tagged (accessible) PDFs with an outline (default true). */
    tagged?: boolean;
    /** What `build --pdf` writes and links from the index (default `['slides', 'handout']`). */
    buildFormats?: PdfFormatSetting[];
  };
  /** Defaults of `lessondeck present`. */
  present?: {
    /** Port (default 4300). */
    port?: number;
    /** Address to listen on (default `127.0.0.1`; `0.0.0.0` lets phones on the network follow). */
    host?: string;
  };
  /** Defaults of `lessondeck dev`. */
  dev?: {
    /** Port (default 5173). */
    port?: number;
    /** Address to listen on (default `localhost`). */
    host?: string;
  };
  /** Switches for other tools' markdown (a lesson's or the course README's front matter `lessondeck:` block wins). */
  dialects?: {
    /** Evaluate Liquid (`{{ site.baseurl }}`, `{% raw %}`) in every file (default: in Jekyll pages only). */
    liquid?: boolean;
    /** Raw `<script>` elements: `drop` with a warning (default) or `keep`. */
    scripts?: 'drop' | 'keep';
  };
  /** Untrusted course: show raw HTML in the markdown as text (default false). */
  safe?: boolean;
  /** `build` exits non-zero when the course has errors (default false). */
  strict?: boolean;
  /** Chrome/Chromium executable for diagrams, layout and PDFs (default: found automatically). */
  browser?: string;
}

/** The effective settings: the config file over the defaults, paths absolute. */
export interface LessondeckSettings {
  /** The config file they came from, if any. */
  configFile?: string;
  title?: string;
  root: string;
  outDir: string;
  base: string;
  theme?: string;
  lessons: { include: string[]; exclude: string[] };
  slides: { mode: SlideModeSetting };
  fit: { mode?: FitModeSetting; minCodeSize?: number; minDiagramLabel?: number; longCode?: LongCodeSetting };
  pdf: { outDir: string; formats: PdfFormatSetting[]; paper: PaperSetting; perPage: PerPageSetting; withSteps: boolean; scale: number; tagged: boolean; buildFormats: PdfFormatSetting[] };
  present: { port: number; host: string };
  dev: { port: number; host: string };
  dialects: { liquid?: boolean; scripts?: 'drop' | 'keep' };
  safe: boolean;
  strict: boolean;
  browser?: string;
}
