/**
 * The reading view (reveal's scroll view, `?view=scroll`, automatic on
 * phones) as a document to read: every slide followed by its speaker notes
 * (not the script the build copied from the slide itself: that is on the
 * slide), and every step of a slide shown at once (no fragments to scroll
 * through).
 *
 * reveal maps the scroll position to the current slide as if all pages were
 * equally tall; reflowed (reading.css), with notes under them, they are not,
 * so the ranges are recomputed from the real page positions after each of
 * reveal's layouts.
 * That keeps `deck.html#/slide-id` landing on the right slide and the
 * remembered slide right.
 */
import type { RevealApi, RevealPlugin } from 'reveal.js';
import { isScrollView } from './deckNav.ts';
import './reading.css';

type Range = [number, number];

/** Class of the part of a slide's notes the build copied from the slide (src/slides/speakerScript.ts). */
const SCRIPT_FROM_SLIDE = 'ld-notes-from-slide';

/** The parts of reveal's internal ScrollView (`Reveal.scroll`) used here; checked at runtime. */
interface ScrollViewInternals {
  viewportElement: HTMLElement;
  slideTriggers?: { range: Range; page: { pageElement?: HTMLElement; slideElement?: HTMLElement; scrollTriggers: { range: Range }[] } }[];
  setTriggerRanges(): void;
  scrollToSlide(slide: HTMLElement): void;
}

/**
 * reveal hands plugins its full internal deck object, which has the scroll
 * view controller as `scroll`; the public API does not expose it. Registered
 * after 'ready', the plugin is initialised at once.
 */
const internals: { deck?: { scroll?: Partial<ScrollViewInternals> } } = {};
const internalsPlugin: RevealPlugin = { id: 'ld-reading-view', init: (deck) => void (internals.deck = deck as typeof internals.deck) };

function scrollViewOf(deck: RevealApi): ScrollViewInternals | undefined {
  // The speaker view's passive preview deck is not a full reveal API: fall back to reveal's own ranges.
  if (typeof deck.hasPlugin !== 'function' || typeof deck.registerPlugin !== 'function') return undefined;
  if (!deck.hasPlugin(internalsPlugin.id)) deck.registerPlugin(internalsPlugin);
  const scroll = internals.deck?.scroll;
  return scroll && typeof scroll.setTriggerRanges === 'function' && typeof scroll.scrollToSlide === 'function' && scroll.viewportElement
    ? (scroll as ScrollViewInternals)
    : undefined;
}

/** Adds a notes block after each page's slide; removes fragments. True when anything changed. */
export function addReadingNotes(root: ParentNode): boolean {
  let changed = false;
  for (const page of root.querySelectorAll<HTMLElement>('.scroll-page')) {
    // Every page of the reading view is on screen for everyone, screen readers included.
    page.querySelector('section[aria-hidden]')?.removeAttribute('aria-hidden');
    page.querySelectorAll('.fragment').forEach((fragment) => {
      fragment.classList.remove('fragment');
      changed = true;
    });
    if (page.querySelector(':scope > .ld-reading-notes')) continue;
    const notes = page.querySelector('section aside.notes')?.cloneNode(true) as HTMLElement | undefined;
    // The speaker's script copied from the slide itself would only repeat the slide here.
    notes?.querySelectorAll(`.${SCRIPT_FROM_SLIDE}`).forEach((script) => script.remove());
    if (!notes?.textContent?.trim()) continue;
    const block = document.createElement('div');
    block.className = 'ld-reading-notes';
    block.setAttribute('role', 'note');
    block.setAttribute('aria-label', 'Notes');
    block.innerHTML = `<p class="ld-reading-notes-label" aria-hidden="true">Notes</p>${notes.innerHTML}`;
    page.querySelector(':scope > .scroll-page-sticky')?.after(block);
    changed = true;
  }
  return changed;
}

/**
 * A table too wide for the screen scrolls sideways in its box: such a box is
 * made focusable (and named), so a keyboard can scroll it too. Code boxes
 * already are (shiki's `tabindex="0"`).
 */
function makeScrollBoxesReachable(root: ParentNode): void {
  for (const box of root.querySelectorAll<HTMLElement>('.scroll-page .table-wrap')) {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    if (scrolls === box.hasAttribute('tabindex')) continue;
    if (scrolls) {
      box.tabIndex = 0;
      box.setAttribute('role', 'region');
      box.setAttribute('aria-label', 'Table, scrolls sideways');
    } else {
      box.removeAttribute('tabindex');
      box.removeAttribute('role');
      box.removeAttribute('aria-label');
    }
  }
}

/** Scroll ranges from where the pages really are (see the module comment). */
function rangesFromLayout(scroll: ScrollViewInternals): void {
  const triggers = scroll.slideTriggers ?? [];
  const viewport = scroll.viewportElement;
  const scrollable = viewport.scrollHeight - viewport.offsetHeight;
  const viewportTop = viewport.getBoundingClientRect().top - viewport.scrollTop;
  const tops = triggers.map((t) => (t.page.pageElement ? t.page.pageElement.getBoundingClientRect().top - viewportTop : NaN));
  if (scrollable <= 0 || tops.length === 0 || tops.some(Number.isNaN)) return; // keep reveal's own ranges
  // A page's range starts a little above its top, so landing exactly on the top (scrollToSlide below)
  // is inside it even after the browser rounds scrollTop down.
  const at = (top: number) => Math.min(Math.max((top - BOUNDARY_SLACK_PX) / scrollable, 0), 1);
  triggers.forEach((trigger, i) => {
    // The first page is read from the very top, the nav above it included.
    if (trigger.page.slideElement) pageTops.set(trigger.page.slideElement, i === 0 ? 0 : Math.min(tops[i]!, scrollable));
    trigger.range = [i === 0 ? 0 : at(tops[i]!), i + 1 < tops.length ? at(tops[i + 1]!) : 1];
    const steps = trigger.page.scrollTriggers;
    const size = (trigger.range[1] - trigger.range[0]) / Math.max(steps.length, 1);
    steps.forEach((step, j) => (step.range = [trigger.range[0] + j * size, trigger.range[0] + (j + 1) * size]));
  });
}

const BOUNDARY_SLACK_PX = 2;
/** Scroll offset of each slide's page, from the last measurement. */
const pageTops = new WeakMap<HTMLElement, number>();
const patched = new WeakSet<object>();

/** Makes reveal measure ranges from the layout; true when that starts now. */
function measureRealRanges(scroll: ScrollViewInternals): boolean {
  if (patched.has(scroll)) return false;
  patched.add(scroll);
  const revealsRanges = scroll.setTriggerRanges.bind(scroll);
  scroll.setTriggerRanges = () => {
    revealsRanges();
    rangesFromLayout(scroll);
  };
  // reveal scrolls to the start of a slide's range; go to the page's real top instead (see BOUNDARY_SLACK_PX).
  const revealsScrollToSlide = scroll.scrollToSlide.bind(scroll);
  scroll.scrollToSlide = (slide) => {
    revealsScrollToSlide(slide);
    const top = pageTops.get(slide);
    if (top !== undefined) scroll.viewportElement.scrollTop = top;
  };
  return true;
}

/** The slide `#/slide-id` names, if any. */
function slideFromHash(hash: string): HTMLElement | undefined {
  const id = decodeURIComponent(hash.replace(/^#\/?/, '').split('/')[0] ?? '');
  const slide = id && /^[^0-9]/.test(id) ? document.getElementById(id) : null;
  return slide?.tagName === 'SECTION' ? slide : undefined;
}

export function initReadingView(deck: RevealApi): void {
  // Read before reveal starts: switching to the scroll view on a narrow screen rewrites the hash.
  let requestedHash: string | undefined = location.hash;
  const update = (): void => {
    const scroll = scrollViewOf(deck);
    if (!scroll || !isScrollView(deck)) return;
    const justPatched = measureRealRanges(scroll);
    makeScrollBoxesReachable(deck.getSlidesElement() ?? document);
    // The slide the URL names wins: reveal's first guess from the scroll position is not exact.
    const current = slideFromHash(requestedHash ?? location.hash) ?? deck.getCurrentSlide();
    requestedHash = undefined;
    if (!addReadingNotes(deck.getSlidesElement() ?? document) && !justPatched) return;
    deck.layout();
    if (!current) return;
    scroll.scrollToSlide(current);
    // When reveal switches to the scroll view by itself (narrow screens) it
    // settles its own scroll position after 'ready': go to the slide again then.
    requestAnimationFrame(() => requestAnimationFrame(() => scroll.scrollToSlide(current)));
  };
  deck.on('ready', () => {
    update();
    requestedHash = undefined;
  });
  deck.on('resize', update);
  deck.on('slidechanged', () => {
    if (isScrollView(deck)) document.querySelectorAll('.scroll-page section[aria-hidden]').forEach((s) => s.removeAttribute('aria-hidden'));
  });
  // Web fonts change the height of the notes: measure again once they are in.
  void document.fonts?.ready.then(() => {
    const scroll = scrollViewOf(deck);
    if (!scroll || !isScrollView(deck)) return;
    // Keep the page being read where it is while the text above it re-flows.
    const pages = [...document.querySelectorAll<HTMLElement>('.scroll-page')];
    const anchor = pages.find((p) => p.getBoundingClientRect().bottom > 0);
    const before = anchor?.getBoundingClientRect().top ?? 0;
    deck.layout();
    if (anchor) scroll.viewportElement.scrollTop += anchor.getBoundingClientRect().top - before;
    makeScrollBoxesReachable(document);
  });
}
