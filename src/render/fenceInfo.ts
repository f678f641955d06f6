/**
 * The info string of a markdown code fence, split into language and meta.
 * Separate from highlight.ts so that reading a course does not load shiki.
 */
export interface FenceInfo {
  lang: string;
  meta: string;
}

/**
 * Split a markdown fence info string: "dockerfile {1-4|6-9} numbers" ->
 * { lang: "dockerfile", meta: "{1-4|6-9} numbers" }. Also accepts the
 * VitePress-style "ts{1,3}" with no space before the braces.
 */
export function parseFenceInfo(info: string): FenceInfo {
  const trimmed = info.trim();
  const match = /^([^\s{]*)\s*([\s\S]*)$/.exec(trimmed);
  return { lang: match?.[1] ?? '', meta: (match?.[2] ?? '').trim() };
}
