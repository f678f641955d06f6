/**
 * Deck model → a complete reveal.js HTML page (the DOM contract other tools
 * and tests rely on: `section`s, `aside.notes`, `.diagram svg`, `pre.shiki`).
 */
import type { Deck, DeckNavigation, Slide } from '../slides/model.ts';
import { escapeHtml } from '../slides/renderEnv.ts';
import { timingAttribute } from './slideTiming.ts';
import type { Theme } from './themes.ts';
import type { SessionPlan } from '../course/sessions.ts';

export interface DeckPageContext {
  courseTitle: string;
  moduleTitle?: string;
  theme: Theme;
  /** The deck's slide HTML with diagrams already inserted, by slide index. */
  slideHtml: string[];
  /** Relative URL of the course index from this page. */
  indexHref: string;
  /** The deck's slides and handout PDFs, relative to this page (`build --pdf`). */
  /** Exported files to link from the deck's navigation, hrefs relative to the deck page. */
  pdfLinks?: { label: string; href: string }[];
  /** The session this deck is taught in (course plan), for the speaker view's pacing. */
  session?: SessionPlan;
}

export function renderDeckPage(deck: Deck, ctx: DeckPageContext): string {
  const config = { title: deck.title, course: ctx.courseTitle, theme: ctx.theme.name, transition: 'slide', durationMinutes: deck.durationMinutes ?? null, ...(ctx.session ? { session: ctx.session } : {}) };
  return `<!doctype html>
<html lang="${escapeHtml(String(deck.frontMatter.lang ?? 'en'))}" data-ld-mode="${deck.mode}" data-theme="${ctx.theme.name}" data-code-theme="${ctx.theme.codeTheme}" data-ld-root="${escapeHtml(siteRootHref(ctx.indexHref))}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(deck.title)} · ${escapeHtml(ctx.courseTitle)}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${ctx.theme.cssHref}">
<script type="module" src="/@lessondeck/client/deck.ts"></script>
</head>
<body>
<div class="reveal"><div class="slides">
${renderSlides(deck, ctx).join('\n')}
</div></div>
${renderNavigation(deck.nav, ctx.indexHref, ctx.pdfLinks)}
<footer class="ld-footer"><span class="ld-footer-course">${escapeHtml(ctx.courseTitle)}</span><span class="ld-footer-lesson">${escapeHtml(deck.title)}</span></footer>
<script type="application/json" id="ld-deck">${jsonForScript(config)}</script>
</body>
</html>
`;
}

/** Groups `v` slides under the `h` slide before them, as reveal's nested sections. */
function renderSlides(deck: Deck, ctx: DeckPageContext): string[] {
  const out: string[] = [];
  let stack: string[] = [];
  const flush = () => {
    if (stack.length === 1) out.push(stack[0]!);
    else if (stack.length > 1) out.push(`<section>\n${stack.join('\n')}\n</section>`);
    stack = [];
  };
  deck.slides.forEach((slide, i) => {
    if (slide.level === 'h') flush();
    stack.push(renderSection(slide, ctx.slideHtml[i] ?? slide.html, deck, ctx, i + 1));
  });
  flush();
  return out;
}

function renderSection(slide: Slide, html: string, deck: Deck, ctx: DeckPageContext, number: number): string {
  const own = [slide.kind === 'title' ? 'ld-title-slide' : slide.kind === 'section' ? 'ld-section-slide' : '', slide.layoutClass ?? ''].filter(Boolean).join(' ');
  const body = withHeading(slide, slide.kind === 'title' ? titleSlideBody(html, deck, ctx) : html);
  const notes = slide.notesHtml ? `<aside class="notes">${slide.notesHtml}</aside>` : '';
  const { classes, extra } = sectionAttributes(slide.attributes ?? [], number);
  const classAttr = [own, classes].filter(Boolean).join(' ');
  return `<section id="${escapeHtml(slide.id)}"${classAttr ? ` class="${escapeHtml(classAttr)}"` : ''} data-ld-line="${slide.source.line}"${timingAttribute(deck.frontMatter.timing, slide)}${extra}>${body}${notes}</section>`;
}

/** Attributes a dialect set on the slide: classes are merged, `id` and event handlers never replaced or added. */
function sectionAttributes(attributes: [string, string][], number: number): { classes: string; extra: string } {
  const classes: string[] = [];
  const other = new Map<string, string>();
  for (const [name, value] of attributes) {
    const key = name.toLowerCase();
    if (key === 'class') classes.push(...value.split(/\s+/).filter(Boolean));
    else if (key === 'style' && other.has('style')) other.set('style', `${other.get('style')}; ${value}`);
    else if (key !== 'id' && !key.startsWith('on') && /^[a-z][\w:.-]*$/.test(key) && !key.startsWith('data-ld-line')) other.set(key, value);
  }
  // Marp's paginate: the slide's number goes at the end of its footer line (CSS shows the attribute).
  if (other.has('data-ld-paginate')) other.set('data-ld-slide-footer', [other.get('data-ld-slide-footer'), String(number)].filter(Boolean).join('  ·  '));
  const extra = [...other].map(([name, value]) => ` ${name}="${escapeHtml(value)}"`).join('');
  return { classes: [...new Set(classes)].join(' '), extra };
}

/** Every slide has a heading (screen readers list and jump by them); one cut without gets a visually hidden one. */
function withHeading(slide: Slide, html: string): string {
  return /<h[1-6][\s>]/i.test(html) ? html : `<h2 class="ld-sr-only">${escapeHtml(slide.title || 'Slide')}</h2>${html}`;
}

/** The site root relative to a page, from its link to the course index (`../../index.html` → `../../`). */
function siteRootHref(indexHref: string): string {
  return indexHref.replace(/index\.html$/, '') || './';
}

function titleSlideBody(html: string, deck: Deck, ctx: DeckPageContext): string {
  const kicker = [ctx.courseTitle, ctx.moduleTitle].filter((t) => t && t !== deck.title).map((t) => escapeHtml(t!)).join(' · ');
  const meta = [deck.durationMinutes ? `${deck.durationMinutes} min` : '', `${deck.slides.length} slides`].filter(Boolean).join(' · ');
  return `${kicker ? `<p class="ld-kicker">${kicker}</p>` : ''}${html}<p class="ld-meta">${escapeHtml(meta)}</p>`;
}

function renderNavigation(nav: DeckNavigation, indexHref: string, pdfLinks?: DeckPageContext['pdfLinks']): string {
  const link = (rel: string, entry: { href: string; label: string } | undefined, text: (label: string) => string) =>
    entry ? `<a rel="${rel}" href="${escapeHtml(entry.href)}">${escapeHtml(text(entry.label))}</a>` : '';
  const up = nav.up ?? { href: indexHref, label: 'Course index' };
  return `<nav class="ld-deck-nav" aria-label="Lesson navigation">${link('prev', nav.prev, (l) => `← ${l}`)}${link('up', up, (l) => l)}${link('next', nav.next, (l) => `${l} →`)}<a class="ld-reading-link" href="?view=scroll">Reading view</a>${(pdfLinks ?? []).map((l) => `<a class="ld-pdf-link" href="${escapeHtml(l.href)}">${escapeHtml(l.label)}</a>`).join('')}<button type="button" class="ld-search-button" aria-haspopup="dialog" aria-keyshortcuts="/">Search</button></nav>`;
}

/** JSON safe to embed in a `<script>` element. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
