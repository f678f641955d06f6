/**
 * The layout pass (src/fit/page) in a real Chromium with real mermaid output:
 * short sibling sections share slides, the References tail becomes one
 * slide, parallel groups become columns, diagrams take the layout with the
 * largest labels, long code is one walkthrough cut at natural breaks, lists
 * are shared out evenly, no slide ends on a heading or a lead-in, and a
 * title slide is fitted like every other slide.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserService } from '../../src/browser/browserService.ts';
import { loadCourse, type CourseDeck } from '../../src/course/loadCourse.ts';
import { fitDeck } from '../../src/fit/fitDeck.ts';
import { diagramFigure } from '../../src/render/diagramHtml.ts';
import { layoutVariants } from '../../src/render/diagramVariants.ts';
import { createCodeHighlighter, type CodeHighlighter } from '../../src/render/highlight.ts';
import { renderDiagrams } from '../../src/render/mermaid.ts';
import { loadTheme } from '../../src/render/themes.ts';
import { renderSite } from '../../src/site/renderSite.ts';
import type { Slide } from '../../src/slides/model.ts';
import { sliceLesson } from '../../src/slides/slice.ts';
import { htmlToText } from '../../src/search/htmlText.ts';

let browser: BrowserService;
let highlighter: CodeHighlighter;
const roots: string[] = [];
const theme = loadTheme('light')!;

beforeAll(async () => {
  [browser, highlighter] = await Promise.all([BrowserService.launch(), createCodeHighlighter()]);
});
afterAll(async () => {
  await browser?.close();
  highlighter?.dispose();
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })));
});

/** One lesson laid out by the real pipeline (slicing, shiki, mermaid, layout pass). */
async function layout(markdown: string): Promise<Slide[]> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'ld-layout-'));
  roots.push(root);
  await mkdir(path.join(root, 'module-01', 'lessons'), { recursive: true });
  await writeFile(path.join(root, 'module-01', 'lessons', '01-lesson.md'), markdown);
  const course = await loadCourse(root, { highlighter });
  await renderSite(course, { browser: async () => browser, cacheDir: false });
  return (course.decks.find((d) => d.file.endsWith('01-lesson.md')) as CourseDeck).deck.slides;
}

const titled = (slides: Slide[], title: string) => slides.filter((s) => s.title === title);

describe('layout pass: fewer, fuller slides', { timeout: 120_000 }, () => {
  it('puts five tiny ### sections on one slide as titled blocks; each keeps its id as a link target', async () => {
    const slides = await layout(`# L\n\n## Small Decisions\n\n### Payload Size\n\nPass identifiers, not documents.\n\n### Job Names\n\n- After the action\n- Never after the caller\n\n### Priorities\n\n- Two or three queues\n\n### Timeouts\n\nA deadline shorter than the lease.\n\n### Serialization\n\n- JSON\n- A version field\n`);
    const shared = titled(slides, 'Small Decisions');
    expect(shared).toHaveLength(1);
    expect(shared[0]!.layoutClass).toBe('ld-layout-blocks');
    for (const id of ['job-names', 'priorities', 'timeouts', 'serialization']) expect(shared[0]!.html).toContain(`id="${id}"`);
    expect(slides.some((s) => s.title === 'Priorities')).toBe(false);
    expect(htmlToText(shared[0]!.html)).toContain('A deadline shorter than the lease.');
  });

  it('keeps a short command with the output it prints when a step is cut in two', async () => {
    const talk = ['sequenceDiagram', '    actor R as Reviewer', '    participant G as Registry', '    participant S as Serving', '    R->>G: Point the champion alias at version two', '    S->>G: Resolve the champion alias', '    G-->>S: Version two'].join('\n');
    const commands = ['python promote.py tag --version 2 --name approved_by --value reviewer', 'python promote.py alias --version 2 --alias champion', 'python serve.py which-version', 'python promote.py alias --version 1 --alias champion', 'python promote.py alias --version 2 --alias champion'].join('\n');
    const output = ['champion: 1 -> 2', 'run 3b1f0c2e9d7a4c55', 'champion: 2 -> 1', 'champion: 1 -> 2'].join('\n');
    const slides = await layout(`# L\n\n## Step 10: Approve and roll back\n\nA reviewer approves version two, then an incident forces a rollback:\n\n\`\`\`mermaid\n${talk}\n\`\`\`\n\n\`\`\`bash\n${commands}\n\`\`\`\n\n\`\`\`\n${output}\n\`\`\`\n`);
    const step = titled(slides, 'Step 10: Approve and roll back');
    const withCommand = step.find((s) => htmlToText(s.html).includes('which-version'))!;
    expect(htmlToText(withCommand.html), step.map((s) => htmlToText(s.html).slice(-60)).join(' | ')).toContain('champion: 1 -> 2');
  });

  it('makes a References / Related Lab / Next Steps tail one compact slide', async () => {
    const links = (n: number, what: string) => Array.from({ length: n }, (_, i) => `- [${what} ${i + 1}](https://example.com/${what}/${i})`).join('\n');
    const slides = await layout(`# L\n\n## Content\n\n- A point\n\n## Related Lab\n\n- [Lab 1](lab.md)\n\n## References\n\n### Official Documentation\n\n${links(3, 'docs')}\n\n### Further Reading\n\n${links(3, 'read')}\n\n### Related Topics\n\n${links(2, 'topic')}\n\n## Next Steps\n\nOn to the lab.\n`);
    const tail = slides.slice(slides.findIndex((s) => s.title !== 'L' && s.title !== 'Content'));
    expect(tail).toHaveLength(1);
    expect(tail[0]!.title).toBe('References');
    const text = htmlToText(tail[0]!.html);
    for (const word of ['Lab 1', 'docs 3', 'read 1', 'topic 2', 'On to the lab.']) expect(text).toContain(word);
  });

  it('sets parallel lead-in groups side by side instead of cutting the slide', async () => {
    const group = (name: string) => `**${name}:**\n${Array.from({ length: 4 }, (_, i) => `- ${name} point ${i + 1} of four in this group`).join('\n')}`;
    const slides = await layout(`# L\n\n## Why\n\n${group('Latency')}\n\n${group('Reliability')}\n\n${group('Scale')}\n`);
    const why = titled(slides, 'Why');
    expect(why).toHaveLength(1);
    expect(why[0]!.html).toMatch(/class="ld-cols" style="--ld-cols: 3;?"/);
  });

  it('sets a tall diagram beside the list that introduces it, at readable labels, instead of on a slide of its own', async () => {
    const slides = await layout(`# L\n\n## Prerequisites\n\n- A finished first lab and a running cluster\n- Docker with Compose\n- Go 1.22 or newer\n\n\`\`\`mermaid\nflowchart TB\n  A[Exercise 1<br/>read the logs] --> B[Exercise 2<br/>add metrics]\n  B --> C[Exercise 3<br/>scrape them]\n  C --> D[Exercise 4<br/>write an alert]\n  D --> E[Exercise 5<br/>test the alert]\n\`\`\`\n`);
    const prerequisites = slides.filter((s) => s.title.startsWith('Prerequisites'));
    expect(prerequisites).toHaveLength(1);
    expect(prerequisites[0]!.layoutClass).toBe('ld-layout-side');
    expect(htmlToText(prerequisites[0]!.html)).toContain('Go 1.22 or newer');
  });

  it('puts a ## that only introduces its one ### on the same slide, even when that needs the text a touch smaller', async () => {
    const items = Array.from({ length: 3 }, (_, i) => `${i + 1}. **Group ${i + 1}**:\n   - first entry of group ${i + 1}\n   - second entry\n   - third entry\n   - fourth entry`).join('\n');
    const slides = await layout(`# L\n\n## What We Built\n\nThis module adds packaging, security, availability and speed to the operator we wrote, all of which it needs before it meets real users in production clusters. Each lesson comes with a lab.\n\n### Content Structure\n\n${items}\n`);
    const merged = slides.filter((s) => s.title === 'What We Built' || s.title === 'Content Structure');
    expect(merged).toHaveLength(1);
    expect(merged[0]!.html).toContain('id="content-structure"');
    expect(htmlToText(merged[0]!.html)).toContain('third entry');
  });

  it('shares a list out evenly: no list part has fewer than two items and list parts differ by one at most', async () => {
    // Sixteen two-line items: more than one slide holds even with the text set smaller.
    const items = Array.from({ length: 16 }, (_, i) => `${i + 1}. Step ${i + 1}: a long instruction that takes up two lines on the slide once it wraps around`).join('\n');
    const slides = await layout(`---\nproseToNotes: false\n---\n# L\n\n## Steps\n\nThe paragraph before the list is long enough to take a few lines of the slide, so that only a little of the list would fit after it on the first part of the section.\n\n${items}\n`);
    const parts = titled(slides, 'Steps');
    expect(parts.length).toBeGreaterThan(1);
    const counts = parts.map((s) => (s.html.match(/<li>/g) ?? []).length).filter((n) => n > 0);
    expect(counts.reduce((a, b) => a + b)).toBe(16);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it('titles a later part of a lab task by the numbered step it opens with, number kept', async () => {
    const code = (n: number) => Array.from({ length: n }, (_, i) => `kubectl get pods --all-namespaces # check ${i + 1}`).join('\n');
    const slides = await layout(`---\nproseToNotes: false\n---\n# L\n\n## Task 1: Deploy\n\n1. Apply the manifests:\n\n\`\`\`bash\n${code(30)}\n\`\`\`\n\n2. Check the pods:\n\n\`\`\`bash\n${code(28)}\n\`\`\`\n`);
    const parts = slides.filter((s) => s.title.startsWith('Task 1: Deploy'));
    expect(parts.map((s) => s.title)).toEqual(['Task 1: Deploy', 'Task 1: Deploy — 2. Check the pods']);
    expect(parts[1]!.html).toContain('<p class="ld-part-lead">2. Check the pods</p>');
  });

  it('takes a lab\'s numbered steps with long listings inside them apart: each step titles its slide, every line kept', async () => {
    const code = (n: number, what: string) => Array.from({ length: n }, (_, i) => `   SELECT ${i + 1} AS ${what}_${i + 1}; -- ${what} line ${i + 1}`).join('\n');
    const steps = [1, 2, 3].map((n) => `${n}. Run query number ${n} against the sample data.\n\n   \`\`\`sql\n${code(34, `q${n}`)}\n   \`\`\``).join('\n\n');
    const slides = await layout(`---\nproseToNotes: false\n---\n# L\n\n## Exercise 1\n\n${steps}\n`);
    const parts = slides.filter((s) => s.title.startsWith('Exercise 1'));
    expect(parts.length).toBeGreaterThanOrEqual(3);
    expect(parts.slice(1).map((s) => s.title)).toEqual(['Exercise 1 — 2. Run query number 2 against the sample data', 'Exercise 1 — 3. Run query number 3 against the sample data']);
    // Every line of every listing is still there, in order.
    const text = parts.map((s) => htmlToText(s.html)).join('\n');
    for (const n of [1, 2, 3]) expect(text).toContain(`q${n} line 34`);
  });

  it('sets a 13-item checklist of one- and two-line items in two columns rather than cutting it over two slides', async () => {
    const items = Array.from({ length: 13 }, (_, i) => `${i + 1}. Check number ${i + 1}: the manifest, the image or the chart passes this review step`).join('\n');
    const slides = await layout(`# L\n\n## Checklist\n\n${items}\n`);
    const parts = slides.filter((s) => s.title.startsWith('Checklist'));
    expect(parts).toHaveLength(1);
    expect(parts[0]!.html).toContain('ld-list-columns');
    expect(htmlToText(parts[0]!.html)).toContain('Check number 13');
  });

  it('never ends a slide with a heading or a lead-in line', async () => {
    const code = Array.from({ length: 14 }, (_, i) => `echo step ${i}`).join('\n');
    const slides = await layout(`# L\n\n## Tasks\n\n**First, build:**\n\n\`\`\`bash\n${code}\n\`\`\`\n\n**Then, check:**\n\n\`\`\`bash\n${code}\n\`\`\`\n\n#### Clean up\n\n- Remove the cluster\n`);
    for (const slide of slides.filter((s) => s.kind === 'content')) {
      const last = slide.layout!.blocks.at(-1)!.html.trim();
      expect(/^<h[1-6]/.test(last), `${slide.title} ends with a heading`).toBe(false);
      expect(/:\s*(<\/strong>)?\s*<\/p>$/.test(last), `${slide.title} ends with a lead-in: ${last.slice(-80)}`).toBe(false);
    }
  });

  it('titles a later part by the lead-in line it opens with, and keeps a sentence with the code it introduces', async () => {
    const code = (n: number) => Array.from({ length: n }, (_, i) => `echo "line ${i + 1} of the listing"`).join('\n');
    const slides = await layout(`---\nproseToNotes: false\n---\n# L\n\n## Run the Checks\n\nReplace the script with this version, which adds the checks.\n\n\`\`\`bash\n${code(22)}\n\`\`\`\n\nExpected output:\n\n\`\`\`text\n${code(18)}\n\`\`\`\n`);
    const parts = slides.filter((s) => s.title.startsWith('Run the Checks'));
    expect(parts.map((s) => s.title)).toEqual(['Run the Checks', 'Run the Checks — Expected output']);
    // No "(1/2)": every later part has a name. The lead-in is the slide's subtitle, not a line of the body too.
    expect(parts[0]!.html).not.toContain('ld-continued');
    expect(parts[1]!.html).toMatch(/^<h2[^>]*>Run the Checks<\/h2>(<div class="ld-fit-scaled"[^>]*>)?<p class="ld-part-lead">Expected output<\/p>/);
    expect(htmlToText(parts[1]!.html).match(/Expected output/g)).toHaveLength(1);
    // The sentence that introduces the first listing is on its slide, not a slide of its own.
    expect(htmlToText(parts[0]!.html)).toContain('Replace the script with this version');
    expect(parts[0]!.html).toContain('line 22 of the listing');
  });

  it('gives a diagram on a slide of its own the section title without a counter; the text parts count among themselves', async () => {
    const items = (what: string) => Array.from({ length: 8 }, (_, i) => `- ${what} ${i + 1}: a sentence long enough to take most of a line on the slide at full size`).join('\n');
    const chart = ['flowchart TD', ...Array.from({ length: 9 }, (_, i) => `    S${i}[Stage ${i} of the release] --> S${i + 1}[Stage ${i + 1} of the release]`), '    S3 --> R[Rolled back by the on-call engineer]', '    S6 --> R'].join('\n');
    const slides = titled(await layout(`---\nproseToNotes: false\n---\n# L\n\n## Release flow\n\n${items('Before')}\n\n\`\`\`mermaid\n${chart}\n\`\`\`\n\n${items('After')}\n`), 'Release flow');
    // The diagram's slide (a figure slide, or the diagram alone under a full heading, whichever draws it larger).
    const figure = slides.find((s) => s.html.includes('ld-fit-diagram') && !htmlToText(s.html).includes('Before 1'));
    expect(figure, slides.map((s) => `${s.layoutClass}: ${s.html.slice(0, 80)}`).join('\n')).toBeDefined();
    expect(figure!.html).toMatch(/^<h2[^>]*>Release flow<\/h2>/);
    const text = slides.filter((s) => s !== figure);
    expect(text.length).toBeGreaterThanOrEqual(2);
    text.forEach((s, i) => expect(s.html).toContain(`<span class="ld-continued">(${i + 1}/${text.length})</span>`));
  });

  it('counts no part of a section cut into its diagram and its table: both keep the plain title', async () => {
    // A wide, low chain: it is as wide as the slide under a full heading, so it is not laid out as a figure.
    const chart = ['flowchart LR', `    ${['Client', 'Proxy', 'Logging', 'Router', 'Handler', 'Service', 'Store', 'Disk'].map((n, i) => `N${i}[${n}]`).join(' --> ')}`].join('\n');
    const rows = Array.from({ length: 12 }, (_, i) => `| \`/items/${i}\` | handler ${i} | returns the stored item with its links and the cache headers a client needs |`).join('\n');
    const slides = titled(await layout(`---\nproseToNotes: false\n---\n# L\n\n## What you will build\n\n\`\`\`mermaid\n${chart}\n\`\`\`\n\n| Route | Handler | What it does |\n|---|---|---|\n${rows}\n`), 'What you will build');
    expect(slides.length, slides.map((s) => s.html.slice(0, 120)).join('\n')).toBe(2);
    expect(slides[0]!.html).toMatch(/<!--ld-diagram:0\b/);
    expect(slides[0]!.html).not.toContain('<table');
    for (const s of slides) expect(s.html).not.toContain('ld-continued');
  });

  it('sets a list that only just misses a little smaller rather than cutting it (text without code)', async () => {
    const goals = Array.from({ length: 9 }, (_, i) => `${i + 1}. Explain goal number ${i + 1} of this module in your own words, and pick the right tool for it in a given situation.`).join('\n');
    const slides = titled(await layout(`---\nproseToNotes: false\n---\n# L\n\n## Learning objectives\n\nBy the end of this module you will be able to:\n\n${goals}\n`), 'Learning objectives');
    expect(slides).toHaveLength(1);
    expect(slides[0]!.html).toMatch(/class="ld-fit-scaled" style="font-size: 0\.(8|85)em/);
    expect((slides[0]!.html.match(/<li>/g) ?? []).length).toBe(9);
  });

  it('titles a later part that opens with a <details> question by that question', async () => {
    const code = Array.from({ length: 24 }, (_, i) => `curl -s -X POST http://localhost:8080/notes -H 'Idempotency-Key: k1' -d '{"n": ${i}}'`).join('\n');
    const answer = Array.from({ length: 5 }, (_, i) => `Sentence ${i + 1} of the answer explains what the database does when the second request waits on the unique index.`).join(' ');
    const slides = (await layout(`---\nproseToNotes: false\n---\n# L\n\n## Retry safely\n\n\`\`\`bash\n${code}\n\`\`\`\n\n<details>\n<summary>What happens if two retries arrive at the same time?</summary>\n\n${answer}\n\n</details>\n`)).filter((s) => s.title.startsWith('Retry safely'));
    expect(slides.map((s) => s.title)).toEqual(['Retry safely', 'Retry safely — What happens if two retries arrive at the same time?']);
    expect(slides[1]!.html).toContain('<p class="ld-part-lead">What happens if two retries arrive at the same time?</p>');
    expect(slides[1]!.html).not.toContain('<summary>');
    expect(htmlToText(slides[1]!.html)).toContain('Sentence 5 of the answer');
  });

  it('keeps a command and its expected output on one slide with the text smaller, code no smaller than the minimum', async () => {
    const commands = ['kubectl -n shop set image deployment/shop-api api=shop-api:missing-tag', 'sleep 30', 'kubectl -n shop get pods -l app=shop-api', "for n in $(seq 1 25); do curl -s -o /dev/null -w '%{http_code} ' localhost:9090/ready; done; echo", 'kubectl -n shop rollout undo deployment/shop-api', 'kubectl -n shop rollout status deployment/shop-api'].join('\n');
    const output = ['NAME                        READY   STATUS             RESTARTS   AGE', ...Array.from({ length: 2 }, (_, i) => `shop-api-7c4d9e8f6a-${i}k3pq   ${i ? '1/1     Running          ' : '0/1     ErrImagePull     '}  0          ${i + 5}m`), '200 '.repeat(25).trim(), 'deployment.apps/shop-api rolled back', 'deployment "shop-api" successfully rolled out'].join('\n');
    const slides = (await layout(`---\nproseToNotes: false\n---\n# L\n\n## Roll out a broken version\n\nSee what the readiness probe and \`maxSurge: 1\` give you. Deploy a tag that was never pushed, which stands in for a release that cannot start:\n\n\`\`\`bash\n${commands}\n\`\`\`\n\nExpected output:\n\n\`\`\`text\n${output}\n\`\`\`\n\nThe new pod never got ready, so no old pod was removed and every request succeeded.\n`)).filter((s) => s.title.startsWith('Roll out'));
    expect(slides).toHaveLength(1);
    expect(slides[0]!.html).toMatch(/font-size: 0\.(8|85)em; --ld-scale: 0\.(8|85); --ld-min-code: 16px/);
    expect(slides[0]!.html.match(/<pre\b/g)).toHaveLength(2);
  });

  it('puts a Note cut off by the section\'s diagram with the text before the diagram, unless it points at the picture', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => `| Level ${i + 1} | Prevented | Possible | what the database does at level ${i + 1} when two writers meet |`).join('\n');
    const chart = ['flowchart TD', ...Array.from({ length: 11 }, (_, i) => `    Q${i}{Question ${i + 1} about the workload?} -->|yes| Q${i + 1}`), ...Array.from({ length: 11 }, (_, i) => `    Q${i} -->|no| A${i}[Answer ${i + 1}]`)].join('\n');
    const lesson = (note: string) => `---\nproseToNotes: false\n---\n# L\n\n## Isolation\n\n| Level | Dirty | Phantom | Behaviour |\n|---|---|---|---|\n${rows}\n\n\`\`\`mermaid\n${chart}\n\`\`\`\n\n> **Note:** ${note}\n`;
    const aside = 'Serialisation failures are an instruction to retry the whole transaction, not an error to show the user; retry a few times with jittered backoff first.';
    const slides = (await layout(lesson(aside))).filter((s) => s.title === 'Isolation');
    expect(slides.map((s) => [s.html.includes('<table'), s.html.includes('ld-diagram'), s.html.includes('Serialisation failures')]), slides.map((s) => s.html.slice(0, 90)).join('\n')).toEqual([[true, false, true], [false, true, false]]);
    for (const s of slides) expect(s.html).not.toContain('ld-continued');
    const pointing = (await layout(lesson(`The diagram above is a start. ${aside}`))).filter((s) => s.title === 'Isolation');
    expect(htmlToText(pointing.at(-1)!.html)).toContain('The diagram above is a start.');
  });

  it('fits a title slide too: what does not fit under the title moves to an overview', async () => {
    const items = Array.from({ length: 30 }, (_, i) => `- Topic ${i + 1} of the deck`).join('\n');
    const slides = await layout(`---\nmode: slides\n---\n# A Deck Whose First Slide Is Too Full\n\n${items}\n\n---\n\n# Next\n\nText.\n`);
    expect(slides[0]!.kind).toBe('title');
    const words = slides.flatMap((s) => [...s.html.matchAll(/Topic (\d+) of/g)].map((m) => Number(m[1])));
    expect(words).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(slides[0]!.html.match(/Topic \d+/g)!.length).toBeLessThan(30);
    expect(slides[1]!.title).toBe('Overview');
  });
});

describe('layout pass: long code as a walkthrough', { timeout: 120_000 }, () => {
  it('shows a 90-line Go file as one window whose steps start at blank lines or declarations', async () => {
    const funcs = Array.from({ length: 9 }, (_, i) => [`// step${i} does part ${i} of the job.`, `func step${i}(ctx context.Context) error {`, ...Array.from({ length: 6 }, (_, k) => `\tlog.Println("step ${i}, line ${k}")`), `\treturn nil`, `}`, '']).flat();
    const go = ['package main', '', ...funcs].join('\n');
    const slides = await layout(`# L\n\n## The Program\n\n\`\`\`go\n${go}\n\`\`\`\n`);
    const program = titled(slides, 'The Program');
    expect(program).toHaveLength(1);
    const html = program[0]!.html;
    expect(html).toContain('data-ld-walkthrough');
    const lines = go.split('\n');
    const starts = /data-steps="([^"]+)"/.exec(html)![1]!.split('|').map((step) => Number(step.split('-')[0]));
    expect(starts.length).toBeGreaterThan(1);
    for (const start of starts.slice(1)) {
      const line = lines[start - 1]!;
      expect(lines[start - 2] === '' || /^(\/\/|func )/.test(line), `step starting at line ${start}: "${line}"`).toBe(true);
    }
  });

  it('sets a long table of wrapped cells a little smaller when that saves whole slides: 2 parts, not 4', async () => {
    const row = (i: number) => `| ${400 + i} | Status name ${i} | Client error | After a refetch | Problem details | Used when the request conflicts with the state the server holds for it |`;
    const table = ['| Code | Name | Class | Retry? | Body | When to use |', '|---|---|---|---|---|---|', ...Array.from({ length: 15 }, (_, i) => row(i))].join('\n');
    const slides = titled(await layout(`# L\n\n## Codes\n\nThe codes people confuse most.\n\n${table}\n`), 'Codes');
    expect(slides).toHaveLength(2);
    const sizes = slides.map((s) => Number(/<table style="font-size: (\d+)px/.exec(s.html)?.[1]));
    for (const px of sizes) expect(px).toBeGreaterThanOrEqual(16);
    // Every row is on one of the slides, shared out evenly.
    const rows = slides.map((s) => (s.html.match(/<tr>/g) ?? []).length - 1);
    expect(rows.reduce((a, b) => a + b)).toBe(15);
    expect(Math.abs(rows[0]! - rows[1]!)).toBeLessThanOrEqual(1);
  });

  it('sizes a diagram that is more readable alone than under its introducing sentence, never leaves it overflowing', async () => {
    const sql = ['-- First page', 'SELECT id, placed_at, status FROM orders', 'WHERE customer_id = $1', 'ORDER BY placed_at DESC, id DESC', 'LIMIT 51;', '', '-- Next page', 'SELECT id, placed_at, status FROM orders', 'WHERE customer_id = $1', '  AND (placed_at, id) < ($2, $3)', 'ORDER BY placed_at DESC, id DESC', 'LIMIT 51;'].join('\n');
    const sequence = ['sequenceDiagram', '    participant Job as Sync job', '    participant API as Orders API', '    participant DB as Postgres', '    Job->>API: GET /v1/orders?limit=50', '    API->>DB: SELECT ... ORDER BY placed_at, id LIMIT 51', '    DB-->>API: 51 rows', '    API-->>Job: 50 items plus next cursor', '    loop While response has a next link', '        Job->>API: GET /v1/orders?limit=50&cursor=abc', '        API->>API: Decode and verify cursor', '        API->>DB: SELECT ... WHERE key after cursor LIMIT 51', '        DB-->>API: Up to 51 rows', '        alt 51 rows returned', '            API-->>Job: 50 items plus next cursor', '        else 50 or fewer rows', '            API-->>Job: Final items, no next link', '        end', '    end', '    Note over Job,API: New inserts never shift pages already read'].join('\n');
    const md = `# L\n\n## Keyset pages\n\nThe cursor holds the sort key of the last row seen, and the next query asks for rows after it, which an index answers directly:\n\n\`\`\`sql\n${sql}\n\`\`\`\n\nThe sequence diagram shows a job draining a collection with cursors. The loop ends when the server omits the \`next\` link.\n\n\`\`\`mermaid\n${sequence}\n\`\`\`\n`;
    const slides = titled(await layout(md), 'Keyset pages');
    const withDiagram = slides.find((s) => s.html.includes('ld-diagram:'))!;
    expect(withDiagram.html).toMatch(/class="ld-fit-diagram" style="--ld-fit-w: \d+px/);
    // The sentence is not a slide by itself.
    for (const s of slides) expect(s.html.includes('<pre') || s.html.includes('ld-diagram:'), s.id).toBe(true);
  });

  it('keeps a YAML block with --- documents in one code window, never cut into slides', async () => {
    const doc = (name: string) => ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${name}`, 'data:', ...Array.from({ length: 12 }, (_, i) => `  key${i}: value-${i}`)];
    const yaml = [...doc('one'), '---', ...doc('two'), '---', ...doc('three')].join('\n');
    const slides = await layout(`# L\n\n## Config\n\n\`\`\`yaml\n${yaml}\n\`\`\`\n`);
    const config = titled(slides, 'Config');
    expect(config).toHaveLength(1);
    expect(config[0]!.html.match(/<pre\b/g)).toHaveLength(1);
    expect(config[0]!.html.match(/>---</g)).toHaveLength(2);
  });
});

describe('layout pass: diagrams laid out for the slide', { timeout: 120_000 }, () => {
  async function chosenLabel(source: string, withVariants: boolean): Promise<{ labelPx: number; variant: number }> {
    const deck = sliceLesson({ file: 'x.md', text: `# D\n\n## Flow\n\n\`\`\`mermaid\n${source}\n\`\`\`\n` });
    const options = { mermaidConfig: theme.mermaid, browser: async () => browser, cacheDir: false as const };
    const [base] = await renderDiagrams([{ source: deck.diagrams[0]!.source, where: deck.diagrams[0]!.where }], options);
    const variants = withVariants ? await renderDiagrams(layoutVariants(source).map((v) => ({ source: v.source, where: deck.diagrams[0]!.where, ...(v.config ? { config: v.config } : {}) })), options) : [];
    const figures = [[base!, ...variants.filter((v) => v.ok)].map((r, k) => diagramFigure(r, deck.diagrams[0]!, `1v${k}`))];
    const { diagrams } = await fitDeck(deck, theme, figures, { browser: async () => browser, cacheDir: false });
    return diagrams[0]!;
  }

  /** The layout chosen with variants, its name, and the author's own drawing's label size, for comparing. */
  async function chosenOverOwn(source: string): Promise<{ labelPx: number; ownPx: number; name: string | undefined; why: string }> {
    const own = await chosenLabel(source, false);
    const chosen = await chosenLabel(source, true);
    return { labelPx: chosen.labelPx, ownPx: own.labelPx, name: layoutVariants(source)[chosen.variant - 1]?.name, why: `chosen ${chosen.labelPx} px, own ${own.labelPx} px` };
  }

  it('draws a wide LR pipeline in the layout with larger labels than the author\'s', async () => {
    const pipeline = `flowchart LR\n${Array.from({ length: 10 }, (_, i) => `    S${i}[Stage number ${i}] --> S${i + 1}[Stage number ${i + 1}]`).join('\n')}`;
    const own = await chosenLabel(pipeline, false);
    const chosen = await chosenLabel(pipeline, true);
    expect(chosen.variant).toBeGreaterThan(0);
    expect(chosen.labelPx).toBeGreaterThan(own.labelPx * 1.2);
  });

  it('folds a deep decision tree entered at several steps into two columns joined by lettered connectors, labels a third larger', async () => {
    const tree = [
      'flowchart TB',
      '    CALL["getaddrinfo(name)"] --> READ["Read the hosts line of<br/>nsswitch.conf"] --> LOCAL{"Listed in the hosts file<br/>and found there?"}',
      '    LOCAL -- yes --> DONE(["Return the addresses"])',
      '    LOCAL -- no --> DOTS{"Fewer dots than<br/>the ndots option?"}',
      '    DOTS -- yes --> SEARCH["Try each search domain<br/>in order"]',
      '    DOTS -- no --> ABS["Try the name as given"]',
      '    SEARCH --> ASK["Send A and AAAA to<br/>the first nameserver"]',
      '    ABS --> ASK',
      '    ASK --> REPLY{"Reply before<br/>the timeout?"}',
      '    REPLY -- "yes, an answer" --> DONE',
      '    REPLY -- "yes, no such name" --> MORE{"More names<br/>to try?"}',
      '    REPLY -- no --> LEFT{"Attempts left?"}',
      '    LEFT -- yes --> NEXT["Try the next nameserver"] --> ASK',
      '    LEFT -- no --> MORE',
      '    MORE -- yes --> ASK',
      '    MORE -- no --> FAIL(["Report the failure"])',
    ].join('\n');
    const chosen = await chosenOverOwn(tree);
    expect(chosen.name, chosen.why).toMatch(/^folded-\d-linked/);
    expect(chosen.labelPx).toBeGreaterThan(chosen.ownPx * 1.3);
  });

  it('wraps the long messages of a conversation that is too wide for the slide', async () => {
    const talk = [
      'sequenceDiagram',
      '    participant A as Mobile app',
      '    participant Q as Transport stack on the phone',
      '    participant L as Load balancer that reads connection ids',
      '    participant S as Server instance seven',
      '    Q->>L: First packets from the old address and port, with the first connection id',
      '    L->>S: Routed by the connection id alone, never by the address and port',
      '    S-->>Q: Responses travel back through the load balancer',
      '    Note over A,Q: The phone leaves the wireless network and gets a new address',
      '    A->>Q: The next request on the same connection as before',
      '    Q->>L: Packets from the new address with a spare connection id and a path challenge',
      '    L->>S: The spare id still names instance seven, so the same backend answers',
      '    S->>Q: Path response together with a path challenge of its own on the new path',
      '    Q->>S: Path response',
      '    S-->>A: The request completes without a new handshake',
    ].join('\n');
    const chosen = await chosenOverOwn(talk);
    expect(chosen.name, chosen.why).toMatch(/wrapped-wide|large-text/);
    expect(chosen.labelPx).toBeGreaterThan(chosen.ownPx * 1.15);
  });

  it('draws a conversation with notes in larger, wrapped text, each note inside its box', async () => {
    const talk = [
      'sequenceDiagram',
      '    autonumber',
      '    participant K as Cluster API',
      '    participant G as Agent in the pod',
      '    participant C as Certificate authority',
      '    participant S as Sidecar proxy',
      '    participant P as Peer sidecar',
      '    G->>K: Read the service account token of the pod',
      '    G->>C: Signing request with the token as proof',
      '    C-->>G: Short-lived certificate for the workload',
      '    G->>S: Hand over the certificate and the trust bundle',
      '    S->>P: Client hello with the workload certificate',
      '    P-->>S: Server certificate and a certificate request',
      '    S->>P: Client certificate for the calling workload',
      '    Note over S,P: Both check the chain against the trust bundle',
      '    P->>P: May this caller use this route?',
      '    P-->>S: The answer from the service',
    ].join('\n');
    const chosen = await chosenOverOwn(talk);
    expect(chosen.name, chosen.why).toMatch(/^wrapped(-wide)?-large-text$/);
    expect(chosen.labelPx).toBeGreaterThan(chosen.ownPx * 1.15);
    // The note's words stay inside its box, wrapped narrow or wide.
    const where = sliceLesson({ file: 'x.md', text: `# D\n\n\`\`\`mermaid\n${talk}\n\`\`\`\n` }).diagrams[0]!.where;
    for (const variant of layoutVariants(talk).filter((v) => /^wrapped(-wide)?-large-text$/.test(v.name))) {
      const [drawn] = await renderDiagrams([{ source: variant.source, where, config: variant.config! }], { mermaidConfig: theme.mermaid, browser: async () => browser, cacheDir: false });
      const page = await browser.newPage();
      try {
        await page.setContent(`<div style="width:1200px">${drawn!.ok ? drawn!.svg : ''}</div>`);
        const outside = await page.evaluate(() => {
          const box = document.querySelector('rect.note')!.getBoundingClientRect();
          // How far each line of the note's text reaches past its box, on any side (≤ 0: inside).
          return Array.from(document.querySelectorAll('text.noteText')).map((t) => {
            const r = t.getBoundingClientRect();
            return Math.max(box.left - r.left, r.right - box.right, box.top - r.top, r.bottom - box.bottom);
          });
        });
        expect(outside.length).toBeGreaterThan(0);
        for (const past of outside) expect(past, variant.name).toBeLessThanOrEqual(0);
      } finally {
        await page.close();
      }
    }
  });

  it('draws a long lifecycle with tight ranks and larger text: its transition labels set its height', async () => {
    const lifecycle = [
      'stateDiagram-v2',
      '    [*] --> Drafted : an author opens a change',
      '    state Review {',
      '        Drafted --> Checking : the pipeline starts',
      '        Checking --> Checked : every required check passes',
      '        Checking --> Refused : a blocking check fails',
      '    }',
      '    Checked --> Waiting : a reviewer is asked',
      '    Waiting --> Refused : the reviewer declines',
      '    Waiting --> Staged : the reviewer approves',
      '    state Release {',
      '        Staged --> Partial : staging looks healthy',
      '        Partial --> Live : the partial rollout holds',
      '        Partial --> Reverted : the partial rollout fails',
      '    }',
      '    Live --> Retired : a newer change goes live',
      '    Reverted --> Closed',
      '    Retired --> Closed : the retention period ends',
      '    Refused --> Closed',
      '    Closed --> [*]',
    ].join('\n');
    const chosen = await chosenOverOwn(lifecycle);
    expect(chosen.name, chosen.why).toBe('dense-large-text');
    expect(chosen.labelPx).toBeGreaterThan(chosen.ownPx * 1.3);
  });

  it('draws a gantt chart\'s dates as large as its tasks', async () => {
    const tasks = Array.from({ length: 6 }, (_, i) => `    Task number ${i + 1} of the plan :t${i}, ${i === 0 ? '2025-03-03' : `after t${i - 1}`}, 2d`).join('\n');
    const gantt = `gantt\n    dateFormat YYYY-MM-DD\n    axisFormat %d %b\n    section Plan\n${tasks}`;
    const own = await chosenLabel(gantt, false);
    // d3 draws the dates at 10 px; with a dozen of them against six tasks, the median label was a date.
    expect(own.labelPx).toBeGreaterThanOrEqual(14);
  });

  it('draws the costlier layouts only for diagrams the common ones leave small', async () => {
    const chain = `flowchart LR\n${Array.from({ length: 11 }, (_, i) => `    S${i}[Step ${i}] --> S${i + 1}[Step ${i + 1}]`).join('\n')}`;
    const tree = ['flowchart TB', ...Array.from({ length: 9 }, (_, i) => [`    Q${i}{"Is check number ${i} of the<br/>release checklist passing?"} -- no --> F${i}["Stop, fix the cause of<br/>failure ${i}, then start again"]`, `    Q${i} -- yes --> Q${i + 1}`]).flat(), '    F4 --> Q0', '    Q9[Release]'].join('\n');
    const root = await mkdtemp(path.join(os.tmpdir(), 'ld-rounds-'));
    roots.push(root);
    await mkdir(path.join(root, 'module-01', 'lessons'), { recursive: true });
    const file = path.join(root, 'module-01', 'lessons', '01-lesson.md');
    await writeFile(file, `# L\n\n## Chain\n\n\`\`\`mermaid\n${chain}\n\`\`\`\n\n## Tree\n\n\`\`\`mermaid\n${tree}\n\`\`\`\n`);
    const course = await loadCourse(root, { highlighter });
    const site = await renderSite(course, { browser: async () => browser, cacheDir: false });
    const [chainFigures, treeFigures] = [...site.figures.values()][0]!;
    const firstRound = (source: string) => layoutVariants(source).filter((v) => !v.secondRound).length;
    // The chain folds into rows in the first round: nothing more is drawn. The tree stays small: everything is.
    expect(chainFigures!.length).toBe(1 + firstRound(chain));
    expect(treeFigures!.length).toBe(1 + layoutVariants(tree).length);
    expect(layoutVariants(tree).length).toBeGreaterThan(firstRound(tree));
  });

  it('draws a pipeline through three stages as three columns side by side, with labels twice the size', async () => {
    const stage = (name: string, n: number): string[] => [`    subgraph ${name}["${name} stage"]`, ...Array.from({ length: 5 }, (_, i) => `        ${name}${i}[Step ${i + 1} of the ${name.toLowerCase()} stage] --> ${name}${i + 1}`), `        ${name}5[Last ${name.toLowerCase()} step]`, '    end', ...(n < 2 ? [`    ${name}5 --> ${['BUILD', 'TEST', 'SHIP'][n + 1]}0`] : [])];
    const pipeline = ['flowchart TB', '    PUSH[Push to main] --> BUILD0', ...stage('BUILD', 0), ...stage('TEST', 1), ...stage('SHIP', 2)].join('\n');
    const own = await chosenLabel(pipeline, false);
    const chosen = await chosenLabel(pipeline, true);
    expect(layoutVariants(pipeline)[chosen.variant - 1]?.name).toBe('stage-columns');
    expect(chosen.labelPx).toBeGreaterThan(own.labelPx * 2);
  });

  it('draws a left-to-right pipeline through two stages as two rows, the first stage on top', async () => {
    const ci = ['Pull request', 'Unit tests', 'Lint and scan', 'Build the image'];
    const cd = ['Deploy to staging', 'Smoke tests', 'Canary at five percent', 'Half of the traffic', 'All of the traffic', 'Announce the release'];
    const chain = (ids: string, names: string[]) => names.map((n, i) => `${ids}${i}[${n}]`).join(' --> ');
    // The link into the second stage is written inside it, as authors do; mermaid keeps CI3 in the first.
    const pipeline = ['flowchart LR', '    subgraph CI["Integration"]', `        ${chain('CI', ci)}`, '    end', '    subgraph CD["Delivery"]', `        CI3 --> ${chain('CD', cd)}`, '    end'].join('\n');
    const own = await chosenLabel(pipeline, false);
    const chosen = await chosenLabel(pipeline, true);
    const variant = layoutVariants(pipeline)[chosen.variant - 1]!;
    expect(variant.name).toBe('stage-columns');
    expect(chosen.labelPx).toBeGreaterThan(own.labelPx * 1.3);
    const where = sliceLesson({ file: 'x.md', text: `# D\n\n\`\`\`mermaid\n${pipeline}\n\`\`\`\n` }).diagrams[0]!.where;
    const [drawn] = await renderDiagrams([{ source: variant.source, where, ...(variant.config ? { config: variant.config } : {}) }], { mermaidConfig: theme.mermaid, browser: async () => browser, cacheDir: false });
    if (!drawn?.ok) throw new Error('the stage-rows variant did not render');
    const page = await browser.newPage();
    try {
      await page.setContent(drawn.svg);
      const top = (id: string) => page.evaluate((suffix) => document.querySelector(`g.cluster[id$="-${suffix}"]`)!.getBoundingClientRect().top, id);
      expect(await top('CI')).toBeLessThan(await top('CD'));
    } finally {
      await page.close();
    }
  });

  it('draws every layout of a conversation with alt branches without a condition over a message', async () => {
    const branch = (n: number) => [`    else Case ${n} applies`, `        S-->>A: answer for case ${n}`, `        A-->>C: reply to the caller for case ${n}`];
    const source = ['sequenceDiagram', '    autonumber', '    participant C as Caller', '    participant A as Service', '    participant S as Store', '    C->>A: request with a key', '    A->>S: look the key up in the store', '    alt Case 1 applies', '        S-->>A: answer for case 1', '        A-->>C: reply to the caller for case 1', ...branch(2), ...branch(3), '    end'].join('\n');
    const where = sliceLesson({ file: 'x.md', text: `# D\n\n\`\`\`mermaid\n${source}\n\`\`\`\n` }).diagrams[0]!.where;
    const variants = layoutVariants(source);
    const drawn = await renderDiagrams(variants.map((v) => ({ source: v.source, where, ...(v.config ? { config: v.config } : {}) })), { mermaidConfig: theme.mermaid, browser: async () => browser, cacheDir: false });
    const page = await browser.newPage();
    try {
      for (const [i, result] of drawn.entries()) {
        if (!result.ok) throw new Error(`${variants[i]!.name} did not render`);
        await page.setContent(`<div style="width: 1000px">${result.svg}</div>`);
        const overlaps = await page.evaluate(() => {
          const boxes = (selector: string) => Array.from(document.querySelectorAll(selector)).map((el) => el.getBoundingClientRect());
          const hit = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
          const conditions = boxes('.loopText');
          return boxes('.messageText').filter((m) => conditions.some((c) => hit(m, c))).length;
        });
        expect(overlaps, variants[i]!.name).toBe(0);
      }
    } finally {
      await page.close();
    }
  });

  it('wraps a 13-step chain into rows when neither direction reads, with labels half as large again', async () => {
    const chain = `flowchart LR\n${Array.from({ length: 12 }, (_, i) => `    S${i}[Step ${i + 1} of the release] --> S${i + 1}[Step ${i + 2} of the release]`).join('\n')}`;
    const own = await chosenLabel(chain, false);
    const chosen = await chosenLabel(chain, true);
    expect(layoutVariants(chain)[chosen.variant - 1]?.name).toMatch(/^folded-/);
    expect(chosen.labelPx).toBeGreaterThan(own.labelPx * 1.5);
  });

  it('draws a 12-event timeline as a column per section, with labels twice the size', async () => {
    const events = (section: string, n: number) => [`    section ${section}`, ...Array.from({ length: n }, (_, i) => `        ${section} ${i + 1} : Something that happened while ${section.toLowerCase()}`)];
    const timeline = ['timeline', '    title An outage', ...events('Detecting', 3), ...events('Responding', 4), ...events('Recovering', 3), ...events('Reviewing', 2)].join('\n');
    const own = await chosenLabel(timeline, false);
    const chosen = await chosenLabel(timeline, true);
    expect(layoutVariants(timeline)[chosen.variant - 1]?.name).toBe('timeline-columns');
    expect(chosen.labelPx).toBeGreaterThan(own.labelPx * 2);
  });

  it('spaces an entity-relationship diagram of seven tables tighter than mermaid\'s 140 px, with labels half as large again', async () => {
    const entity = (name: string) => [`    ${name} {`, '        int id PK', `        string ${name.toLowerCase()}_name`, '        timestamp created_at', '    }'];
    const names = ['CUSTOMER', 'ACCOUNT', 'INVOICE', 'LINE_ITEM', 'PRODUCT', 'PAYMENT', 'REFUND'];
    const links = ['CUSTOMER ||--o{ ACCOUNT : owns', 'ACCOUNT ||--o{ INVOICE : receives', 'INVOICE ||--|{ LINE_ITEM : lists', 'PRODUCT ||--o{ LINE_ITEM : "appears in"', 'INVOICE ||--o{ PAYMENT : "paid by"', 'PAYMENT ||--o| REFUND : "may get"'];
    const er = ['erDiagram', ...links.map((l) => `    ${l}`), ...names.flatMap(entity)].join('\n');
    const own = await chosenLabel(er, false);
    const chosen = await chosenLabel(er, true);
    expect(layoutVariants(er)[chosen.variant - 1]?.name).toMatch(/compact/);
    expect(chosen.labelPx).toBeGreaterThan(own.labelPx * 1.4); // 9.1 → 14.7 px when written
  });

  it('draws a tree of seven questions with its decisions as hexagons when that gives larger labels', async () => {
    const questions = Array.from({ length: 7 }, (_, i) => [`    Q${i}{Is condition number ${i} of the request met?} -->|No| R${i}[Answer with outcome ${i}]`, `    Q${i} -->|Yes| Q${i + 1}`]).flat();
    const tree = ['flowchart TD', ...questions, '    Q7[Handle the request]'].join('\n');
    const own = await chosenLabel(tree, false);
    const chosen = await chosenLabel(tree, true);
    expect(layoutVariants(tree)[chosen.variant - 1]?.name).toMatch(/hex-decisions/);
    expect(chosen.labelPx).toBeGreaterThan(own.labelPx * 1.3);
  });

  it('gives a diagram far under the minimum beside its list a slide of its own when that makes it larger', async () => {
    const links = [
      'scheduler -- "creates" --> leader', 'scheduler -- "creates" --> w1', 'scheduler -- "creates" --> w2', 'scheduler -- "creates" --> w3', 'scheduler -- "creates" --> svc',
      'settings -.-> leader', 'settings -.-> w1', 'settings -.-> w2', 'settings -.-> w3',
      'leader <-. "gradient exchange (gloo)" .-> w1', 'w1 <-. "gradient exchange (gloo)" .-> w2', 'w2 <-. "gradient exchange (gloo)" .-> w3',
      'w1 -- "rendezvous" --> svc', 'w2 -- "rendezvous" --> svc', 'w3 -- "rendezvous" --> svc',
      'store -- "snapshot" --> leader', 'store -- "snapshot" --> w1', 'store -- "snapshot" --> w2', 'store -- "snapshot" --> w3', 'leader -- "checkpoints, model, metrics" --> store',
    ];
    const diagram = ['flowchart LR', '    scheduler["job scheduler<br/>(control namespace)"]', '    subgraph work["namespace training"]',
      '        leader["trainer-leader-0<br/>RANK 0"]', '        w1["trainer-worker-0<br/>RANK 1"]', '        w2["trainer-worker-1<br/>RANK 2"]', '        w3["trainer-worker-2<br/>RANK 3"]',
      '        settings["settings map<br/>trainer-config"]', '        svc["headless service<br/>trainer-leader-0:29500"]', '    end', '    subgraph data["namespace data"]', '        store[("object store")]', '    end', ...links.map((l) => `    ${l}`)].join('\n');
    const root = await mkdtemp(path.join(os.tmpdir(), 'ld-layout-'));
    roots.push(root);
    await mkdir(path.join(root, 'module-01', 'labs'), { recursive: true });
    await writeFile(path.join(root, 'module-01', 'labs', 'lab-01-train.md'), `# Lab 01: Training on the cluster\n\n## Before you start\n\n- Labs 01 and 02 done: the \`ml-lab\` cluster is running and \`s3://data/train/LATEST\` exists.\n- Python 3.12 and Docker on your laptop.\n- [The lesson](#) read. Plan on about seventy minutes.\n\n\`\`\`mermaid\n${diagram}\n\`\`\`\n\n## Step 1: Look around\n\nList the namespaces.\n`);
    const course = await loadCourse(root, { highlighter });
    const site = await renderSite(course, { browser: async () => browser, cacheDir: false });
    const slides = course.decks.find((d) => d.file.endsWith('lab-01-train.md'))!.deck.slides;
    expect(site.diagnostics.some((d) => d.rule === 'diagram-too-small')).toBe(true); // far under the minimum, alone or not
    const withDiagram = slides.filter((s) => /ld-diagram:/.test(s.html));
    expect(withDiagram).toHaveLength(1);
    expect(withDiagram[0]!.html).not.toMatch(/<li>/);
  });

  it('draws a chain of eight classes that no layout makes readable as two diagrams, each with labels a third larger', async () => {
    const box = (name: string, fields: string[]) => [`    class ${name} {`, ...fields.map((f) => `        +${f}`), '    }'];
    const names = ['Branch', 'Shelf', 'Copy', 'Title', 'Loan', 'Member', 'Fine', 'Payment'];
    const classes = names.flatMap((name, i) => box(name, [`string ${name.toLowerCase()}Code`, `int ${name.toLowerCase()}Count`, `date ${name.toLowerCase()}Updated`, ...(i % 2 ? [`describe${name}() string`] : [])]));
    const relations = names.slice(1).map((name, i) => `    ${names[i]} "1" *-- "many" ${name} : holds`);
    const markdown = `# Library\n\n## The lending records\n\nHow the records of a lending library fit together.\n\n\`\`\`mermaid\nclassDiagram\n${[...classes, ...relations].join('\n')}\n\`\`\`\n`;
    const root = await mkdtemp(path.join(os.tmpdir(), 'ld-layout-'));
    roots.push(root);
    await mkdir(path.join(root, 'module-01', 'lessons'), { recursive: true });
    await writeFile(path.join(root, 'module-01', 'lessons', '01-lesson.md'), markdown);
    const smallest = (diagnostics: { rule: string; message: string }[]): number => Math.min(Infinity, ...diagnostics.filter((d) => d.rule === 'diagram-too-small').map((d) => Number(/labels of ([\d.]+) px/.exec(d.message)![1])));
    const lesson = (c: { decks: CourseDeck[] }) => c.decks.find((d) => d.file.endsWith('01-lesson.md'))!;

    const whole = await loadCourse(root, { highlighter });
    const wholeSite = await renderSite(whole, { browser: async () => browser, cacheDir: false });
    expect(lesson(whole).deck.diagrams).toHaveLength(1);
    const wholePx = smallest(wholeSite.diagnostics);
    expect(wholePx).toBeLessThan(12);

    const cut = await loadCourse(root, { highlighter });
    const cutSite = await renderSite(cut, { browser: async () => browser, cacheDir: false, recut: async (files, cutInTwo) => (await loadCourse(root, { highlighter, only: files, cutInTwo })).decks });
    const deck = lesson(cut).deck;
    expect(deck.diagrams).toHaveLength(2);
    // Marked as halves, so a warning for one does not advise cutting it again.
    expect(deck.diagrams.map((d) => d.half)).toEqual([1, 2]);
    // Each class is drawn whole in one part.
    for (const name of names) expect(deck.diagrams.filter((d) => d.source.includes(`class ${name} {`))).toHaveLength(1);
    // Both halves are shown (on one slide when they are readable there, else each on its own).
    expect(deck.slides.flatMap((s) => s.html.match(/ld-diagram:\d+/g) ?? []).sort()).toEqual(['ld-diagram:0', 'ld-diagram:1']);
    expect(smallest(cutSite.diagnostics)).toBeGreaterThan(wholePx * 1.3);
  });

  it('draws a 12-message sequence diagram tighter when that gives larger labels', async () => {
    const sequence = `sequenceDiagram\n    participant W as Web\n    participant B as Broker\n    participant K as Worker\n${Array.from({ length: 12 }, (_, i) => `    ${['W->>B', 'B-->>K', 'K->>B'][i % 3]}: message number ${i + 1}`).join('\n')}`;
    const own = await chosenLabel(sequence, false);
    const chosen = await chosenLabel(sequence, true);
    expect(chosen.labelPx).toBeGreaterThan(own.labelPx);
    expect(chosen.labelPx).toBeGreaterThanOrEqual(14);
  });
});
