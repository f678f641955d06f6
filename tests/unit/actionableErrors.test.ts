/** Error reports a user can act on: the diagram's own line, one error per broken slide, a present hint for phones. */
import { describe, expect, it } from 'vitest';
import { diagramErrorLocation } from '../../src/render/mermaid.ts';
import { withoutOverflowBesideBrokenDiagrams } from '../../src/site/overflowBesideBrokenDiagram.ts';
import { localOnlyNote } from '../../src/present/reachability.ts';
import type { CourseDeck } from '../../src/course/loadCourse.ts';
import type { Diagnostic } from '../../src/diagnostics.ts';

describe('mermaid error lines', () => {
  const start = { file: 'a.md', line: 6 }; // the diagram's first line in the lesson
  const where = { file: 'a.md', line: 5 };

  it('maps the diagram line into the lesson', () => {
    expect(diagramErrorLocation('Parse error on line 2:\n...', where, start, 'flowchart LR\n  A -> B\n  B --> C\n')).toEqual({ file: 'a.md', line: 7 });
  });

  it('an unclosed bracket, which mermaid reports past the end, is put on its own line', () => {
    const source = 'flowchart LR\n  A --> B\n  B --> C[oops\n  C --> D\n';
    expect(diagramErrorLocation('Parse error on line 6:\n...', where, start, source)).toEqual({ file: 'a.md', line: 8 });
  });

  it('past the end with nothing unclosed: the last line', () => {
    expect(diagramErrorLocation('Parse error on line 9:', where, start, 'flowchart LR\n  A --> B\n\n')).toEqual({ file: 'a.md', line: 7 });
  });
});

describe('a broken diagram is the one error of its slide', () => {
  const deck = { file: 'a.md', deck: { slides: [{ source: { file: 'a.md', line: 1 } }, { source: { file: 'a.md', line: 3 } }, { source: { file: 'a.md', line: 20 } }] } } as unknown as CourseDeck;
  const error = (rule: string, line: number): Diagnostic => ({ file: 'a.md', line, column: 1, severity: 'error', rule, message: rule });

  it('drops the overflow of the slide with the broken diagram, keeps the others', () => {
    const diagram = error('mermaid-syntax', 8);
    const kept = withoutOverflowBesideBrokenDiagrams([error('overflow', 5), error('overflow', 21), error('broken-link', 4)], [deck], [diagram]);
    expect(kept.map((d) => `${d.rule}:${d.line}`)).toEqual(['overflow:21', 'broken-link:4']);
  });
});

describe('present on localhost', () => {
  it('says phones cannot open it and gives the --host command', () => {
    expect(localOnlyNote('127.0.0.1', ['--root', 'course'])).toBe(
      "Listening on 127.0.0.1 only: this QR code opens on this computer, not on students' phones.\n  For devices on the same network: lessondeck present --root course --host 0.0.0.0",
    );
    expect(localOnlyNote('localhost')).toContain('lessondeck present --host 0.0.0.0');
  });

  it('says nothing when the address is on the network', () => {
    expect(localOnlyNote('192.168.1.20')).toBeUndefined();
  });
});
