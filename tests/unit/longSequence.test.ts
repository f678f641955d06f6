/**
 * Long conversations are cut into consecutive sequence diagrams at a
 * top-level point near the middle, every part keeping the participants and
 * the source's line numbers.
 */
import { describe, expect, it } from 'vitest';
import { MAX_SEQUENCE_ROWS, splitLongSequence } from '../../src/slides/longSequence.ts';

const messages = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `    A->>B: message ${from + i}`);

describe('splitLongSequence', () => {
  it('leaves a conversation that fits alone', () => {
    const source = ['sequenceDiagram', '    participant A', '    participant B', ...messages(MAX_SEQUENCE_ROWS)].join('\n');
    expect(splitLongSequence(source)).toEqual([source]);
  });

  it('cuts 20 messages into two parts of ten, participants in both, line numbers kept', () => {
    const source = ['sequenceDiagram', '    participant A', '    participant B as Broker', ...messages(20)].join('\n');
    const parts = splitLongSequence(source);
    expect(parts).toHaveLength(2);
    for (const part of parts) {
      const lines = part.split('\n');
      expect(lines).toHaveLength(source.split('\n').length);
      expect(lines[2]).toBe('    participant B as Broker');
    }
    const shown = parts.map((p) => p.split('\n').filter((l) => l.includes('message')).map((l) => Number(/message (\d+)/.exec(l)![1])));
    expect(shown.flat()).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(Math.abs(shown[0]!.length - shown[1]!.length)).toBeLessThanOrEqual(1);
    // Each message stays on its own line number.
    const second = parts[1]!.split('\n');
    expect(second[source.split('\n').indexOf('    A->>B: message 15')]).toBe('    A->>B: message 15');
  });

  it('never cuts inside a loop or an activation', () => {
    const body = [...messages(6), '    loop every 30 s', ...messages(8, 7), '    end', '    A->>+B: open', ...messages(4, 15), '    B-->>-A: close'];
    const parts = splitLongSequence(['sequenceDiagram', ...body].join('\n'));
    expect(parts.length).toBe(2);
    for (const part of parts) {
      const text = part.split('\n').filter(Boolean).join('\n');
      expect((text.match(/\bloop\b/g) ?? []).length).toBe((text.match(/^\s*end$/gm) ?? []).length);
      expect((text.match(/->>\+/g) ?? []).length).toBe((text.match(/-->>-/g) ?? []).length);
    }
  });

  it('keeps one long loop whole (no clean point to cut at)', () => {
    const source = ['sequenceDiagram', '    loop forever', ...messages(30), '    end'].join('\n');
    expect(splitLongSequence(source)).toEqual([source]);
  });

  it('continues autonumbering in the second part', () => {
    const parts = splitLongSequence(['sequenceDiagram', '    autonumber', ...messages(20)].join('\n'));
    expect(parts[1]).toMatch(/autonumber 11\b/);
  });

  it('is only about sequence diagrams', () => {
    const flow = ['flowchart LR', ...Array.from({ length: 40 }, (_, i) => `    N${i} --> N${i + 1}`)].join('\n');
    expect(splitLongSequence(flow)).toEqual([flow]);
  });
});
