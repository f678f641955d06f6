/**
 * Lines inside fenced code, for the rules that read a file's text before
 * markdown does (Liquid, Slidev front matter, remark classes, separators):
 * nothing inside a ``` or ~~~ fence is ever rewritten or counted as syntax.
 */

/** 0-based numbers of the lines that are in a fence, the fence lines included. */
export function fencedLines(lines: readonly string[]): Set<number> {
  const inside = new Set<number>();
  let fence: string | undefined;
  lines.forEach((line, i) => {
    const marker = /^[ \t]*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      inside.add(i);
      if (marker?.startsWith(fence) && line.trim() === marker) fence = undefined;
    } else if (marker) {
      fence = marker;
      inside.add(i);
    }
  });
  return inside;
}

/** The text with fenced code blanked (line count kept), for detection patterns. */
export function withoutFences(text: string): string {
  const lines = text.split('\n');
  const fenced = fencedLines(lines);
  return lines.map((line, i) => (fenced.has(i) ? '' : line)).join('\n');
}
