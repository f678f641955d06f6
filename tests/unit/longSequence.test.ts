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

  it('cuts one long loop inside it, every part in the loop again (30 messages: three parts)', () => {
    const source = ['sequenceDiagram', '    loop forever', ...messages(30), '    end'].join('\n');
    const parts = splitLongSequence(source);
    expect(parts).toHaveLength(3);
    for (const part of parts) expect(part).toMatch(/^ {4}loop forever$[\s\S]*^ {4}end$/m);
  });

  it('continues autonumbering in the second part', () => {
    const parts = splitLongSequence(['sequenceDiagram', '    autonumber', ...messages(20)].join('\n'));
    expect(parts[1]).toMatch(/autonumber 11\b/);
  });

  it('is only about sequence diagrams', () => {
    const flow = ['flowchart LR', ...Array.from({ length: 40 }, (_, i) => `    N${i} --> N${i + 1}`)].join('\n');
    expect(splitLongSequence(flow)).toEqual([flow]);
  });
  it('cuts inside an alt that holds most of the conversation, the second part opening that branch again', () => {
    const body = [
      ...messages(3),
      '    activate B',
      '    alt answer is cached',
      ...messages(2, 4),
      '    else cache miss',
      ...messages(6, 6),
      '    opt glue records missing',
      '        B->>B: resolve the name server first',
      '    end',
      ...messages(6, 12),
      '    end',
      '    deactivate B',
      ...messages(2, 18),
    ];
    const source = ['sequenceDiagram', '    participant A', '    participant B', ...body].join('\n');
    const parts = splitLongSequence(source);
    expect(parts).toHaveLength(2);
    const [first, second] = parts.map((p) => p.split('\n'));
    for (const part of [first!, second!]) {
      expect(part).toHaveLength(source.split('\n').length);
      const text = part.join('\n');
      expect((text.match(/^\s*(alt|opt)\b/gm) ?? []).length, text).toBe((text.match(/^\s*end$/gm) ?? []).length);
    }
    // The cut falls inside the miss branch; the second part says which branch it continues.
    expect(first!.join('\n')).toContain('else cache miss');
    expect(second!.filter(Boolean).find((l) => /^\s*alt/.test(l))!.trim()).toBe('alt cache miss (continued)');
    // B was active at the cut: the second part activates it again before the branch, so its `deactivate B` holds.
    const opened = second!.filter(Boolean);
    expect(opened.indexOf('    activate B')).toBe(opened.indexOf('    alt cache miss (continued)') - 1);
    const shown = parts.map((p) => p.split('\n').filter((l) => l.includes('message')).map((l) => Number(/message (\d+)/.exec(l)![1])));
    expect(shown.flat()).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    expect(Math.abs(shown[0]!.length - shown[1]!.length)).toBeLessThanOrEqual(3);
    // A loop is never cut inside: it would read as two loops.
    const looped = ['sequenceDiagram', ...messages(2), '    loop every 30 s', ...messages(16, 3), '    end', ...messages(2, 19)].join('\n');
    expect(splitLongSequence(looped)).toEqual([looped]);
  });
});

describe('a conversation inside one loop', () => {
  const messages = Array.from({ length: 16 }, (_, i) => `        ${i % 2 ? 'B->>A' : 'A->>B'}: message ${i + 1}`);
  const source = ['sequenceDiagram', '    autonumber', '    participant A', '    participant B', '    loop every 15 seconds', ...messages, '    end'].join('\n');

  it('is cut inside the loop, each part drawn in the same loop, lines where they were', () => {
    const parts = splitLongSequence(source);
    expect(parts).toHaveLength(2);
    for (const part of parts) {
      const lines = part.split('\n');
      expect(lines[4]).toBe('    loop every 15 seconds');
      expect(lines[lines.length - 1]).toBe('    end');
      expect(lines.length).toBe(source.split('\n').length);
    }
    const shown = parts.map((p) => (p.match(/message \d+/g) ?? []).length);
    expect(shown.reduce((a, b) => a + b)).toBe(16);
    expect(Math.min(...shown)).toBeGreaterThanOrEqual(6);
    expect(parts[1]).toMatch(new RegExp(`autonumber ${shown[0]! + 1}`));
  });

  it('is left whole when the loop holds an alt with branches only (no point between its rows)', () => {
    const alt = ['sequenceDiagram', '    loop poll', '        alt ok', ...messages.slice(0, 8), '        else failed', ...messages.slice(8), '        end', '    end'].join('\n');
    expect(splitLongSequence(alt)).toEqual([alt]);
  });
});
