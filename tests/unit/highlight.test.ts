import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CODE_THEME_CSS,
  CODE_THEME_VARIABLES,
  createCodeHighlighter,
  parseFenceInfo,
  type CodeHighlighter,
  type HighlightResult,
} from '../../src/render/highlight.ts';
import { parseCodeMeta } from '../../src/render/codeSteps.ts';

const where = { file: 'lessons/01-docker.md', line: 42 };

let highlighter: CodeHighlighter;

beforeAll(async () => {
  highlighter = await createCodeHighlighter();
  await highlighter.loadLanguages([
    'dockerfile', 'Dockerfile', 'docker', 'bash', 'sh', 'shell', 'zsh', 'console', 'yaml', 'yml',
    'go', 'golang', 'json', 'makefile', 'make', 'Makefile', 'ts', 'no-such-language',
  ]);
}, 30_000);

afterAll(() => highlighter?.dispose());

/** Highlight with an info string, as markdown-it would hand it over (trailing newline included). */
function render(code: string, info: string): HighlightResult {
  return highlighter.highlight(code, parseFenceInfo(info), where);
}

/** The opening <pre ...> tag. */
function preTag(html: string): string {
  const match = /<pre\b[^>]*>/.exec(html);
  if (!match) throw new Error(`no <pre> in ${html}`);
  return match[0];
}

/** Opening tags of the line spans, in order. */
function lineTags(html: string): string[] {
  return [...html.matchAll(/<span class="line[^"]*"[^>]*>/g)].map((m) => m[0]);
}

function highlightedLineNumbers(html: string): number[] {
  return lineTags(html)
    .filter((tag) => /class="line highlighted"/.test(tag))
    .map((tag) => Number(/data-line="(\d+)"/.exec(tag)?.[1]));
}

/** Visible text of the block, with entities decoded, to check nothing got lost. */
function textContent(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&#x3C;/g, '<')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x26;/g, '&')
    .replace(/&amp;/g, '&');
}

const SAMPLES: Record<string, { code: string; dataLang: string }> = {
  dockerfile: { code: 'FROM node:20-alpine\nWORKDIR /app\nRUN npm ci\n', dataLang: 'docker' },
  bash: { code: 'for f in *.md; do\n  echo "$f"\ndone\n', dataLang: 'shellscript' },
  yaml: { code: 'services:\n  web:\n    image: nginx:1.27\n', dataLang: 'yaml' },
  go: { code: 'package main\n\nfunc main() {\n\tprintln("hi")\n}\n', dataLang: 'go' },
  json: { code: '{ "name": "lessondeck", "private": true }\n', dataLang: 'json' },
  makefile: { code: 'build:\n\tgo build ./...\n', dataLang: 'make' },
};

describe('parseFenceInfo', () => {
  it('splits the language from the meta', () => {
    expect(parseFenceInfo('dockerfile {1-4|6-9} numbers')).toEqual({ lang: 'dockerfile', meta: '{1-4|6-9} numbers' });
    expect(parseFenceInfo('  yaml  ')).toEqual({ lang: 'yaml', meta: '' });
    expect(parseFenceInfo('')).toEqual({ lang: '', meta: '' });
    expect(parseFenceInfo('ts{1,3}')).toEqual({ lang: 'ts', meta: '{1,3}' });
  });
});

describe('languages', () => {
  for (const [lang, { code, dataLang }] of Object.entries(SAMPLES)) {
    it(`highlights ${lang} with all three themes as CSS variables`, () => {
      const { html, diagnostics } = render(code, lang);
      expect(diagnostics).toEqual([]);
      expect(html.startsWith('<pre class="shiki ')).toBe(true);
      expect(preTag(html)).toContain(`data-lang="${dataLang}"`);
      expect(preTag(html)).toContain('--shiki-dark-bg:#24292e');
      expect(preTag(html)).toContain('--shiki-hc-bg:');
      // One line span per source line; the trailing newline does not add one.
      expect(lineTags(html)).toHaveLength(code.split('\n').length - 1);
      // Tokens are coloured per theme, with no inline colour chosen for the reader.
      const colouredSpans = html.match(/<span style="--shiki-light:#[0-9A-Fa-f]{6};--shiki-dark:#[0-9A-Fa-f]{6};--shiki-hc:#[0-9A-Fa-f]{6}"/g) ?? [];
      expect(colouredSpans.length).toBeGreaterThan(1);
      expect(html).not.toMatch(/style="color:/);
      // More than one distinct colour means a grammar actually ran.
      const darkColours = new Set([...html.matchAll(/--shiki-dark:(#[0-9A-Fa-f]{6})/g)].map((m) => m[1]));
      expect(darkColours.size).toBeGreaterThan(1);
      expect(textContent(html)).toBe(code.replace(/\n$/, ''));
    });
  }

  it.each([
    ['Dockerfile', 'docker'],
    ['docker', 'docker'],
    ['sh', 'shellscript'],
    ['shell', 'shellscript'],
    ['zsh', 'shellscript'],
    ['console', 'shellsession'],
    ['yml', 'yaml'],
    ['make', 'make'],
    ['Makefile', 'make'],
    ['golang', 'go'],
    ['ts', 'typescript'],
  ])('resolves the alias %s to %s', (alias, id) => {
    const { html, diagnostics } = render('x = 1\n', alias);
    expect(diagnostics).toEqual([]);
    expect(preTag(html)).toContain(`data-lang="${id}"`);
  });

  it.each(['text', 'txt', 'plain', 'plaintext', 'output', '', 'mermaid'])('renders "%s" as plain text without a warning', (lang) => {
    const { html, diagnostics } = render('$ make\nok\n', lang);
    expect(diagnostics).toEqual([]);
    expect(preTag(html)).toMatch(/^<pre class="shiki /);
    expect(preTag(html)).toContain('data-lang="text"');
    expect(lineTags(html)).toHaveLength(2);
    // Token spans carry no colours at all; only the <pre> has the theme variables.
    expect(html).not.toMatch(/<span style=/);
  });

  it('warns once about an unknown language and shows it as escaped plain text', () => {
    const { html, diagnostics } = render('a < b && c\n', 'foo');
    expect(diagnostics).toEqual([
      {
        file: 'lessons/01-docker.md',
        line: 42,
        column: 1,
        severity: 'warning',
        rule: 'unknown-language',
        message: 'Unknown code language "foo"; shown as plain text. Use one of shiki\'s languages (e.g. bash, yaml, go) or "text".',
      },
    ]);
    expect(preTag(html)).toContain('data-lang="text"');
    expect(html).toContain('a &#x3C; b &#x26;&#x26; c');
  });

  it('does not throw when a language was never loaded', () => {
    const { html, diagnostics } = render('fn main() {}\n', 'rust');
    expect(preTag(html)).toContain('data-lang="text"');
    expect(diagnostics.map((d) => d.rule)).toEqual(['code-highlight']);
  });
});

describe('line highlighting and steps', () => {
  const fiveLines = 'FROM a\nRUN b\nRUN c\nRUN d\nCMD e\n';

  it('numbers every line and marks {2} as highlighted', () => {
    const { html, diagnostics } = render(fiveLines, 'dockerfile {2}');
    expect(diagnostics).toEqual([]);
    expect(lineTags(html).map((tag) => /data-line="(\d+)"/.exec(tag)?.[1])).toEqual(['1', '2', '3', '4', '5']);
    expect(highlightedLineNumbers(html)).toEqual([2]);
    expect(preTag(html)).not.toContain('has-steps');
    expect(html).not.toContain('ld-code-step');
  });

  it('highlights lists and ranges like {1-2,5}', () => {
    expect(highlightedLineNumbers(render(fiveLines, 'dockerfile {1-2,5}').html)).toEqual([1, 2, 5]);
  });

  it('emits step data, first-step highlight and one fragment per later step', () => {
    const { html, diagnostics } = render(fiveLines, 'dockerfile {1-2|4}');
    expect(diagnostics).toEqual([]);
    expect(preTag(html)).toMatch(/class="shiki [^"]*\bhas-steps\b/);
    expect(preTag(html)).toContain('data-steps="1-2|4"');
    expect(highlightedLineNumbers(html)).toEqual([1, 2]);
    expect(html.startsWith('<div class="code-block"><pre ')).toBe(true);
    expect(html.endsWith('</pre><span class="fragment ld-code-step" data-lines="4"></span></div>')).toBe(true);
  });

  it('keeps a leading empty step as "nothing highlighted first" (reveal idiom)', () => {
    const { html } = render(fiveLines, 'dockerfile {|1-2|4}');
    expect(preTag(html)).toContain('data-steps="|1-2|4"');
    expect(highlightedLineNumbers(html)).toEqual([]);
    expect([...html.matchAll(/data-lines="([^"]*)"/g)].map((m) => m[1])).toEqual(['1-2', '4']);
  });

  it('warns about invalid ranges with the fence location and ignores only those parts', () => {
    const { html, diagnostics } = render(fiveLines, 'dockerfile {a-b,4-2,3,9}');
    expect(highlightedLineNumbers(html)).toEqual([3]);
    expect(diagnostics).toHaveLength(3);
    for (const d of diagnostics) {
      expect(d).toMatchObject({ file: 'lessons/01-docker.md', line: 42, column: 1, severity: 'warning', rule: 'code-lines' });
    }
    expect(diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining('"a-b"'),
      expect.stringContaining('"4-2"'),
      expect.stringContaining('"9"'),
    ]);
  });

  it('drops a step made only of invalid ranges', () => {
    const { html, diagnostics } = render(fiveLines, 'dockerfile {1|7-8|2}');
    expect(preTag(html)).toContain('data-steps="1|2"');
    expect(diagnostics.map((d) => d.rule)).toEqual(['code-lines']);
  });
});

describe('line numbers', () => {
  it.each(['numbers', 'showLineNumbers', 'lineNumbers', '{2} numbers'])('adds class line-numbers for "%s"', (meta) => {
    const { html } = render('a\nb\n', `yaml ${meta}`);
    expect(preTag(html)).toMatch(/class="shiki [^"]*\bline-numbers\b/);
    // Numbers come from CSS counters, never from the text itself.
    expect(textContent(html)).toBe('a\nb');
  });

  it('passes start=N to CSS', () => {
    const { html, diagnostics } = render('a\nb\n', 'yaml numbers start=5');
    expect(diagnostics).toEqual([]);
    expect(preTag(html)).toContain('data-start="5"');
    expect(preTag(html)).toMatch(/style="[^"]*;--start:5"/);
  });

  it('has no line-numbers class by default', () => {
    expect(preTag(render('a\n', 'yaml').html)).not.toContain('line-numbers');
  });
});

describe('escaping and whitespace', () => {
  it('escapes markup in the code for highlighted and plain languages', () => {
    const nasty = 'echo "</pre><script>alert(1)</script>" {{ x }} $HOME\n';
    for (const lang of ['bash', 'text', 'foo']) {
      const { html } = render(nasty, lang);
      expect(html).not.toContain('</pre><script>');
      expect(html).not.toContain('<script');
      expect(html.match(/<\/pre>/g)).toHaveLength(1);
      expect(textContent(html)).toBe(nasty.trimEnd());
    }
  });

  it('strips exactly one trailing newline', () => {
    expect(lineTags(render('a\n', 'text').html)).toHaveLength(1);
    expect(lineTags(render('a\n\n', 'text').html)).toHaveLength(2);
    expect(lineTags(render('a', 'text').html)).toHaveLength(1);
  });
});

describe('theme CSS contract', () => {
  it('exposes the variable of each code theme', () => {
    expect(CODE_THEME_VARIABLES).toEqual({ light: '--shiki-light', dark: '--shiki-dark', 'high-contrast': '--shiki-hc' });
    expect(CODE_THEME_CSS).toContain('html[data-code-theme=dark] .shiki { color: var(--shiki-dark); background-color: var(--shiki-dark-bg); }');
    expect(CODE_THEME_CSS).toContain('html[data-code-theme=high-contrast] .shiki span { color: var(--shiki-hc);');
  });
});

describe('parseCodeMeta', () => {
  it('reports an invalid start=', () => {
    const meta = parseCodeMeta('numbers start=x', 3);
    expect(meta.lineNumbers).toBe(true);
    expect(meta.start).toBeNull();
    expect(meta.problems).toEqual(['Invalid "start=x" in code fence; expected start=<line number>. Ignored.']);
  });
});
