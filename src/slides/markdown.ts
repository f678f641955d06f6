/**
 * The one markdown-it setup every lesson is parsed and rendered with.
 * Features are small plugins, one file each, over the token stream.
 */
import markdownIt, { type MarkdownIt } from 'markdown-it';
import container from 'markdown-it-container';
import { fencePlugin } from './plugins/fence.ts';
import { linksPlugin } from './plugins/links.ts';
import { admonitionsPlugin } from './plugins/admonitions.ts';
import { tablesPlugin } from './plugins/tables.ts';
import { linesPlugin } from './plugins/lines.ts';
import { checkpointsPlugin } from './plugins/checkpoints.ts';
import { MARKDOWN_MAX_NESTING } from './nesting.ts';
import { dialectsPlugin } from '../dialects/index.ts';

export interface MarkdownOptions {
  /** Keep raw HTML from the markdown (default). `false` escapes it, for untrusted courses. */
  html?: boolean;
}

export function createMarkdown(options: MarkdownOptions = {}): MarkdownIt {
  const md = markdownIt({ html: options.html ?? true, linkify: true, typographer: false, maxNesting: MARKDOWN_MAX_NESTING });
  md.use(fencePlugin).use(linksPlugin).use(admonitionsPlugin).use(tablesPlugin).use(linesPlugin);
  // `> **Check:**` / `> **Poll:**` quotes become answerable checkpoints, each on its own slide.
  md.use(checkpointsPlugin);
  // `::: notes` … `:::` marks speaker notes explicitly; the slicer moves them.
  md.use(container, 'notes');
  // Jekyll, MkDocs, GitHub, Docusaurus, reveal-md, Slidev, remark and Marp constructs (src/dialects).
  md.use(dialectsPlugin);
  return md;
}
