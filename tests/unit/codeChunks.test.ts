/**
 * A walkthrough's automatic steps: chunks no longer than the window, cut at
 * blank lines, top-level declarations and YAML documents — never inside a
 * struct or a document when a natural cut is within reach — and balanced.
 */
import { describe, expect, it } from 'vitest';
import { autoSteps } from '../../src/fit/page/codeChunks.ts';

const ranges = (steps: string[]) => steps.map((s) => s.split('-').map(Number) as [number, number]);

function expectCover(steps: string[], total: number, window: number): void {
  const r = ranges(steps);
  expect(r[0]![0]).toBe(1);
  expect(r.at(-1)![1]).toBe(total);
  r.forEach(([from, to], i) => {
    expect(to - from + 1).toBeLessThanOrEqual(window);
    if (i > 0) expect(from).toBe(r[i - 1]![1] + 1);
  });
}

describe('autoSteps', () => {
  it('is one step when the code fits the window', () => {
    expect(autoSteps(['a', 'b'], 10)).toEqual(['1-2']);
  });

  it('never cuts a Go struct in two when a blank line is within reach', () => {
    const struct = ['type Job struct {', ...Array.from({ length: 12 }, (_, i) => `\tField${i} string`), '}'];
    const lines = ['package main', '', ...struct, '', 'func main() {', ...Array.from({ length: 8 }, (_, i) => `\tstep(${i})`), '}'];
    const steps = autoSteps(lines, 18);
    expectCover(steps, lines.length, 18);
    const starts = ranges(steps).map(([from]) => from - 1);
    const inside = (at: number) => at > 2 && at < 2 + struct.length;
    for (const at of starts) expect(inside(at), `a step starts inside the struct at line ${at + 1}`).toBe(false);
  });

  it('cuts multi-document YAML at its --- separators', () => {
    const doc = (name: string) => ['kind: ConfigMap', 'metadata:', `  name: ${name}`, 'data:', ...Array.from({ length: 9 }, (_, i) => `  k${i}: v`)];
    const lines = [...doc('a'), '---', ...doc('b'), '---', ...doc('c')];
    const steps = autoSteps(lines, 20);
    expectCover(steps, lines.length, 20);
    for (const [from] of ranges(steps).slice(1)) expect(lines[from - 1]).toBe('---');
  });

  it('balances chunks: none less than half of another', () => {
    const lines = Array.from({ length: 61 }, (_, i) => `line ${i}`);
    const sizes = ranges(autoSteps(lines, 30)).map(([a, b]) => b - a + 1);
    expect(Math.min(...sizes) * 2).toBeGreaterThanOrEqual(Math.max(...sizes));
  });
});
