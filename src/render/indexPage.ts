/** The course index: modules → lessons, labs and other pages, with titles and slide counts. */
import type { Course, CourseDeck, CourseModule } from '../course/loadCourse.ts';
import { escapeHtml } from '../slides/renderEnv.ts';
import { relativeHref } from '../course/siteUrl.ts';
import type { Theme } from './themes.ts';
import type { SessionPlan } from '../course/sessions.ts';
import type { ExportLink } from '../site/exportLinks.ts';

export interface IndexPageOptions {
  /**
   * The deck's exported files, when the build makes them (`build --pdf`):
   * URLs from the site root, e.g. `module-07/lessons/01-x.pdf`. The card links to them.
   */
  exportsFor?: (entry: CourseDeck) => ExportLink[];
  /** The course's session plan: a table of planned (and, on the instructor's browser, actual) time per lesson. */
  sessions?: readonly SessionPlan[];
}

export function renderIndexPage(course: Course, theme: Theme, options: IndexPageOptions = {}): string {
  const loose = course.decks.filter((d) => !d.moduleDir && d.kind !== 'course' && d !== course.home);
  return `<!doctype html>
<html lang="en" data-theme="${theme.name}" data-code-theme="${theme.codeTheme}" data-ld-root="./">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(course.title)}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${theme.cssHref}">
<script type="module" src="/@lessondeck/client/index.ts"></script>
</head>
<body class="ld-index-page">
<header class="ld-index-header">${indexToolbar(theme)}<h1>${escapeHtml(course.title)}</h1>${courseIntro(course)}</header>
<main class="ld-index">
<section class="ld-continue" id="ld-continue" aria-labelledby="ld-continue-title" hidden><h2 id="ld-continue-title">Continue where you left off</h2><p class="ld-continue-body"></p></section>
${course.modules.map((mod) => renderModule(mod, options)).join('\n')}
${options.sessions?.length ? renderSessions(options.sessions) : ''}
${loose.length ? `<section class="ld-module" id="more-pages" aria-labelledby="more-pages-title"><h2 id="more-pages-title">More</h2>${deckList(loose, 'ul', options)}</section>` : ''}
</main>
<footer class="ld-index-footer">Built with lessondeck</footer>
</body>
</html>
`;
}

/** The session plan; the index script adds the instructor's actual times (src/client/sessionTimes.ts). */
function renderSessions(sessions: readonly SessionPlan[]): string {
  const table = (session: SessionPlan, i: number): string => {
    const total = session.items.reduce((sum, item) => sum + (item.minutes ?? 0), 0);
    const rows = session.items.map((item) => `<tr data-page="${escapeHtml(item.page)}"${item.minutes !== undefined ? ` data-minutes="${item.minutes}"` : ''}><th scope="row"><a href="${escapeHtml(relativeHref(item.page))}">${escapeHtml(item.title)}</a></th><td>${item.minutes !== undefined ? formatMinutes(item.minutes) : '—'}</td><td class="ld-session-actual">—</td></tr>`).join('');
    const start = session.start ? ` · starts ${escapeHtml(session.start)}` : '';
    return `<table class="ld-session" data-session="${i}"${session.start ? ` data-start="${escapeHtml(session.start)}"` : ''}><caption>${escapeHtml(session.title)} <span class="ld-session-meta">${formatMinutes(total)} planned${start}</span></caption><thead><tr><th scope="col">Lesson</th><th scope="col">Planned</th><th scope="col">Actual</th></tr></thead><tbody>${rows}</tbody></table>`;
  };
  return `<section class="ld-sessions" id="sessions" aria-labelledby="sessions-title"><h2 id="sessions-title">Sessions</h2>${sessions.map(table).join('')}</section>`;
}

/** The course's own words under its title: the home page's opening text (root index.md or README.md), or the front matter description. */
function courseIntro(course: Course): string {
  if (course.homeHtml) return `<div class="ld-course-description ld-course-home">${course.homeHtml}</div>`;
  return course.description ? `<p class="ld-course-description">${escapeHtml(course.description)}</p>` : '';
}

/** Search and the colour-scheme switch; the client (src/client/index.ts) brings them to life. */
function indexToolbar(theme: Theme): string {
  const schemes: [string, string][] = [['auto', theme.name === 'high-contrast' ? 'Course default' : 'Match system'], ['light', 'Light'], ['dark', 'Dark'], ['high-contrast', 'High contrast']];
  return `<div class="ld-index-toolbar"><button type="button" class="ld-search-button" aria-haspopup="dialog" aria-keyshortcuts="/">Search the course</button><label class="ld-scheme-label">Theme <select id="ld-color-scheme">${schemes.map(([value, label]) => `<option value="${value}">${label}</option>`).join('')}</select></label></div>`;
}

function renderModule(mod: CourseModule, options: IndexPageOptions): string {
  const lessons = mod.decks.filter((d) => d.kind === 'lesson');
  const labs = mod.decks.filter((d) => d.kind === 'lab');
  const others = mod.decks.filter((d) => d.kind === 'page' || d.kind === 'module');
  const minutes = mod.decks.reduce((sum, d) => sum + (d.kind === 'lesson' || d.kind === 'lab' ? d.deck.durationMinutes ?? 0 : 0), 0);
  const meta = [count(lessons.length, 'lesson'), count(labs.length, 'lab'), minutes ? formatMinutes(minutes) : ''].filter(Boolean).join(' · ');
  const id = slugId(mod.dir);
  const heading = mod.readme ? `<a href="${escapeHtml(relativeHref(mod.readme.page))}">${escapeHtml(mod.title)}</a>` : escapeHtml(mod.title);
  return `<section class="ld-module" id="${id}" aria-labelledby="${id}-title"><h2 id="${id}-title">${heading}</h2><p class="ld-module-meta">${escapeHtml(meta)}</p>
${lessons.length ? `<h3>Lessons</h3>${deckList(lessons, 'ol', options)}` : ''}
${labs.length ? `<h3>Labs</h3>${deckList(labs, 'ol', options)}` : ''}
${others.length ? `<h3>More</h3>${deckList(others, 'ul', options)}` : ''}
</section>`;
}

function deckList(decks: CourseDeck[], tag: 'ol' | 'ul', options: IndexPageOptions): string {
  return `<${tag} class="ld-deck-list">${decks.map((entry) => deckCard(entry, options)).join('')}</${tag}>`;
}

function deckCard(entry: CourseDeck, options: IndexPageOptions): string {
  const deck = entry.deck;
  const meta = [count(deck.slides.length, 'slide'), deck.durationMinutes ? `${deck.durationMinutes} min` : ''].filter(Boolean).join(' · ');
  const href = escapeHtml(relativeHref(entry.page));
  return `<li class="ld-deck-card" data-deck="${escapeHtml(entry.file)}"><a class="ld-deck-link" href="${href}">${escapeHtml(deck.title)}</a><span class="ld-deck-meta" data-slide-count="${deck.slides.length}">${escapeHtml(meta)}</span><a class="ld-reading" href="${href}?view=scroll" aria-label="Read ${escapeHtml(deck.title)} as a document">Read</a>${pdfLink(entry, options)}</li>`;
}

function pdfLink(entry: CourseDeck, options: IndexPageOptions): string {
  return (options.exportsFor?.(entry) ?? [])
    .map((link) => `<a class="ld-pdf ld-pdf-${link.format}" href="${escapeHtml(relativeHref(link.file))}" aria-label="${escapeHtml(entry.deck.title)}: ${escapeHtml(link.description)}">${escapeHtml(link.label)}</a>`)
    .join('');
}

function count(n: number, noun: string): string {
  return n === 0 ? '' : `${n} ${noun}${n === 1 ? '' : 's'}`;
}

export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes % 60);
  return h ? `${h} h${m ? ` ${m} min` : ''}` : `${m} min`;
}

function slugId(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'module';
}
