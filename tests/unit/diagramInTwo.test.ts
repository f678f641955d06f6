/**
 * A diagram no layout makes readable, drawn as two (src/render/diagramInTwo.ts):
 * a flowchart chain cut at a rank with lettered connectors, a class or
 * entity-relationship diagram cut between boxes with a bare box for the far
 * end of each relation across the cut. Pure string work; the build's choice
 * to cut is tested in layout.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { diagramInTwo } from '../../src/render/diagramInTwo.ts';

/** A triage procedure: twelve questions in a row, each with an outcome beside it. */
const triage = [
  'flowchart TD',
  ...Array.from({ length: 12 }, (_, i) => `    Q${i}{"Question ${i + 1}: is layer ${i + 1}<br/>behaving as expected?"} -- no --> F${i}["Fix layer ${i + 1}:<br/>see its checklist"]`),
  ...Array.from({ length: 11 }, (_, i) => `    Q${i} -- yes --> Q${i + 1}`),
  '    Q11 -- yes --> DONE(["Escalate with the evidence"])',
  '    style DONE fill:#dfd',
  '    style Q0 fill:#ffd',
].join('\n');

const nodesOf = (part: string): string[] => [...part.matchAll(/^\s+(Q\d+|F\d+|DONE)[{[(]/gm)].map((m) => m[1]!);

describe('a flowchart chain in two', () => {
  it('puts every step in exactly one part, halves of about the same text, joined by one letter', () => {
    const parts = diagramInTwo(triage);
    expect(parts).toBeDefined();
    const [first, second] = parts!;
    const declared = [...nodesOf(first), ...nodesOf(second)];
    expect(declared.sort()).toEqual([...Array.from({ length: 12 }, (_, i) => [`Q${i}`, `F${i}`]).flat(), 'DONE'].sort());
    expect(Math.abs(nodesOf(first).length - nodesOf(second).length)).toBeLessThanOrEqual(3);
    // Both keep the author's direction; the link across the cut ends at (A) and starts again from (A).
    for (const part of parts!) expect(part.split('\n')[0]).toBe('flowchart TD');
    expect(first).toMatch(/Q\d+ -- yes --> FOLDout0A\(\(A\)\)/);
    expect(second).toMatch(/FOLDin1A\(\(A\)\) --> Q\d+/);
    // A node's style goes with its node only: elsewhere mermaid would draw the node a second time.
    expect(first).toContain('style Q0 fill:#ffd');
    expect(second).not.toContain('style Q0');
    expect(second).toContain('style DONE fill:#dfd');
    expect(first).not.toContain('style DONE');
  });

  it('keeps every link of the whole, once', () => {
    const [first, second] = diagramInTwo(triage)!;
    const links = (part: string) => part.split('\n').filter((l) => /-->/.test(l) && !/FOLD/.test(l)).length;
    const crossing = first.split('\n').filter((l) => /--> FOLDout/.test(l)).length;
    expect(links(first) + links(second) + crossing).toBe(12 + 11 + 1);
  });

  it('does not cut a short chain, a graph with subgraphs, or a sequence diagram', () => {
    expect(diagramInTwo('flowchart LR\n    A --> B --> C')).toBeUndefined();
    expect(diagramInTwo(`${triage}\n    subgraph S\n        X\n    end`)).toBeUndefined();
    expect(diagramInTwo('sequenceDiagram\n    A->>B: hi')).toBeUndefined();
  });
});

/** A lending library's records: eight classes in a chain, four or five lines each. */
const library = [
  'classDiagram',
  '    class Branch {', '        +string code', '        +string address', '        +openingHours() string', '    }',
  '    class Shelf {', '        +string label', '        +int capacity', '    }',
  '    class Copy {', '        +string barcode', '        +Condition condition', '        +bool onLoan', '    }',
  '    class Title {', '        +string isbn', '        +string heading', '        +int year', '    }',
  '    class Loan {', '        +date issued', '        +date due', '        +renew() bool', '    }',
  '    class Member {', '        +string cardNumber', '        +string name', '    }',
  '    class Fine {', '        +int cents', '        +bool paid', '    }',
  '    class Payment {', '        +int cents', '        +string method', '    }',
  '    <<abstract>> Title',
  '    Branch "1" *-- "many" Shelf',
  '    Shelf "1" o-- "many" Copy',
  '    Copy --> Title : of',
  '    Title <.. Loan : for a copy of',
  '    Loan --> Member : borrowed by',
  '    Member "1" -- "many" Fine',
  '    Fine ..> Payment : settled by',
  '    note for Member "Cards expire after two years"',
].join('\n');

describe('a class diagram in two', () => {
  it('shows every class whole in one part; a relation across the cut is in both, its far end a bare box', () => {
    const parts = diagramInTwo(library);
    expect(parts).toBeDefined();
    const whole = (part: string) => [...part.matchAll(/^\s+class (\w+) \{$/gm)].map((m) => m[1]!);
    const [first, second] = parts!;
    expect([...whole(first), ...whole(second)].sort()).toEqual(['Branch', 'Copy', 'Fine', 'Loan', 'Member', 'Payment', 'Shelf', 'Title']);
    expect(Math.abs(whole(first).length - whole(second).length)).toBeLessThanOrEqual(2);
    // Every relation is drawn; the ones across the cut in both parts, with a bare, grey box for the other side.
    for (const relation of library.split('\n').filter((l) => /--|\.\./.test(l))) expect(first.includes(relation) || second.includes(relation)).toBe(true);
    const across = library.split('\n').filter((l) => /--|\.\./.test(l) && first.includes(l) && second.includes(l));
    expect(across.length).toBeGreaterThanOrEqual(1);
    for (const part of parts!) {
      const bare = [...part.matchAll(/^\s+class (\w+)$/gm)].map((m) => m[1]!);
      expect(bare.length).toBeGreaterThanOrEqual(1);
      for (const name of bare) {
        expect(whole(part)).not.toContain(name);
        expect(part).toContain(`style ${name} fill:none`);
      }
    }
    // An annotation and a note go with their class.
    const withTitle = whole(first).includes('Title') ? first : second;
    expect(withTitle).toContain('<<abstract>> Title');
    const withMember = whole(first).includes('Member') ? first : second;
    expect(withMember).toContain('note for Member');
    expect(withMember === first ? second : first).not.toContain('note for Member');
  });

  it('gives up on what it cannot read: a namespace, fewer than four classes', () => {
    expect(diagramInTwo(`${library}\n    namespace Lending {\n        class Hold\n    }`)).toBeUndefined();
    expect(diagramInTwo('classDiagram\n    A <|-- B\n    B <|-- C')).toBeUndefined();
  });
});

describe('an entity-relationship diagram in two', () => {
  it('cuts between entities, each entity with its attributes in one part', () => {
    const er = [
      'erDiagram',
      '    CUSTOMER ||--o{ ORDER : places',
      '    ORDER ||--|{ LINE_ITEM : contains',
      '    LINE_ITEM }o--|| PRODUCT : "refers to"',
      '    PRODUCT }o--|| SUPPLIER : "bought from"',
      '    SUPPLIER ||--o{ INVOICE : sends',
      ...['CUSTOMER', 'ORDER', 'LINE_ITEM', 'PRODUCT', 'SUPPLIER', 'INVOICE'].flatMap((e) => [`    ${e} {`, '        string id PK', '        string name', '        date created', '    }']),
    ].join('\n');
    const parts = diagramInTwo(er);
    expect(parts).toBeDefined();
    const withAttributes = (part: string) => [...part.matchAll(/^\s+(\w+) \{\n\s+string id PK/gm)].map((m) => m[1]!);
    expect([...withAttributes(parts![0]), ...withAttributes(parts![1])].sort()).toEqual(['CUSTOMER', 'INVOICE', 'LINE_ITEM', 'ORDER', 'PRODUCT', 'SUPPLIER']);
    expect(parts!.every((p) => p.startsWith('erDiagram\n'))).toBe(true);
  });
});
