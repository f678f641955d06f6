/**
 * Plain text from the slide HTML the slicer produced (our own markup, not
 * arbitrary web pages): code blocks are kept apart from prose so search can
 * weigh them separately, and entities are decoded so `&lt;` is searchable as `<`.
 */

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Decodes the entities markdown-it and shiki emit: numeric ones and the five XML names (plus nbsp). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/** Text content of an HTML fragment: tags and comments removed, block ends become spaces, whitespace collapsed. */
export function htmlToText(html: string): string {
  const withoutMarkup = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<\/?(?:p|div|li|ul|ol|h[1-6]|tr|td|th|table|pre|blockquote|figure|figcaption|section|aside|br)\b[^>]*>/gi, ' ')
    .replace(/<[^>]+>/g, '');
  return decodeEntities(withoutMarkup).replace(/\s+/g, ' ').trim();
}

const PRE_BLOCK = /<pre\b[\s\S]*?<\/pre>/gi;

/** A slide's HTML split into prose and code (every `<pre>` block), each as plain text. */
export function splitProseAndCode(html: string): { text: string; code: string } {
  const code = (html.match(PRE_BLOCK) ?? []).map(htmlToText).join(' ');
  return { text: htmlToText(html.replace(PRE_BLOCK, ' ')), code };
}
