/**
 * Layout variants of a diagram (pure source work) and the label size a
 * rendered diagram gets in the best box a slide offers; the layout choice
 * itself is tested in layout.test.ts with real mermaid output.
 */
import { describe, expect, it } from 'vitest';
import { BEST_BOX, bestCaseLabelPx, layoutVariants, svgMetrics } from '../../src/render/diagramVariants.ts';

describe('layoutVariants', () => {
  it('offers a flowchart in the other direction and with compact spacing', () => {
    const variants = layoutVariants('flowchart LR\n    A --> B --> C');
    expect(variants.map((v) => v.name)).toEqual(['flipped', 'compact', 'flipped-compact', 'compact-large-text', 'flipped-compact-large-text']);
    expect(variants[0]!.source.split('\n')[0]).toBe('flowchart TB');
    expect(variants[1]!.source).toBe('flowchart LR\n    A --> B --> C');
    expect(variants[1]!.config).toHaveProperty('flowchart.rankSpacing');
    expect(layoutVariants('graph TD\n  A-->B')[0]!.source.startsWith('graph LR')).toBe(true);
    // No direction means top to bottom.
    expect(layoutVariants('flowchart\n  A-->B')[0]!.source.startsWith('flowchart LR')).toBe(true);
  });

  it('finds the header after front matter and comments', () => {
    const source = '---\ntitle: Flow\n---\n%% a comment\ngraph LR\n  A-->B';
    expect(layoutVariants(source)[0]!.source).toContain('\ngraph TB\n');
  });

  it('turns a state diagram with a direction line of its own', () => {
    expect(layoutVariants('stateDiagram-v2\n    [*] --> A')[0]!.source).toBe('stateDiagram-v2\n    direction LR\n    [*] --> A');
    expect(layoutVariants('stateDiagram-v2\n    direction LR\n    [*] --> A')[0]!.source).toContain('direction TB');
  });

  it('draws a sequence diagram tighter and without the mirrored actors', () => {
    const variants = layoutVariants('sequenceDiagram\n  A->>B: hi');
    expect(variants.length).toBeGreaterThan(0);
    for (const v of variants) expect(v.config).toMatchObject({ sequence: { mirrorActors: false } });
    // Mermaid sets the sequence fonts from the root fontSize, so that is where larger text goes.
    expect(variants.find((v) => v.name === 'dense-large-text')!.config).toMatchObject({ fontSize: 20 });
    // …but not with a note, whose box mermaid would size for the smaller text.
    expect(layoutVariants('sequenceDiagram\n  A->>B: hi\n  Note over A,B: a note').some((v) => v.name === 'dense-large-text')).toBe(false);
    // With every message and note wrapped, mermaid sizes the boxes for the wrapped lines: offered with notes too.
    expect(layoutVariants('sequenceDiagram\n  A->>B: hi\n  Note over A,B: a note').find((v) => v.name === 'wrapped-large-text')!.config).toMatchObject({ fontSize: 20, sequence: { wrap: true } });
    expect(variants.find((v) => v.name === 'compact-wrapped-wide')!.config).toMatchObject({ sequence: { wrap: true } });
    // A tall conversation with long lines: larger text wrapped wider takes fewer lines per message.
    expect(variants.find((v) => v.name === 'wrapped-wide-large-text')).toMatchObject({ secondRound: true, config: { fontSize: 20, sequence: { wrap: true, width: 260 } } });
  });

  it('sizes a class diagram\'s boxes for its larger text', () => {
    // Mermaid measures class names with the root fontSize: with the theme's alone, long names wrap mid-word.
    const large = layoutVariants('classDiagram\n    A <|-- B').filter((v) => v.name.includes('large-text'));
    expect(large.length).toBeGreaterThan(0);
    for (const v of large) expect(v.config).toMatchObject({ fontSize: 20, themeVariables: { fontSize: '20px' } });
  });

  it('has nothing to offer for a pie chart', () => {
    expect(layoutVariants('pie\n  "a": 1')).toEqual([]);
  });
});

describe('svgMetrics and bestCaseLabelPx', () => {
  it('read the viewBox and the label size', () => {
    const svg = `<svg id="x" viewBox="0 0 ${BEST_BOX.width * 2} 300" style="x"><style>#x{font-size:16px;}</style></svg>`;
    expect(svgMetrics(svg)).toEqual({ width: BEST_BOX.width * 2, height: 300, fontPx: 16 });
    expect(bestCaseLabelPx(svg)).toBeCloseTo(8, 5); // 16 × the best width / twice the best width
    expect(bestCaseLabelPx('<svg></svg>')).toBeUndefined();
  });
});

describe('stage columns (flowchartColumns.ts)', () => {
  const pipeline = [
    'flowchart TB',
    '    START[Push] --> A1',
    '    subgraph BUILD["Build"]',
    '        A1[Compile] --> A2{Tests pass?}',
    '        A2 -->|no| A3[Fix]',
    '        A2 -->|yes| A4[Package]',
    '    end',
    '    A4 -- ship --> B1[Deploy]',
    '    subgraph RUN["Run"]',
    '        B1 --> B2[Watch]',
    '    end',
    '    style A3 fill:#fcc',
  ];
  const columns = (source: string[]): string | undefined => layoutVariants(source.join('\n')).find((v) => v.name === 'stage-columns')?.source;

  it('draws stages entered and left at one node each as columns linked stage to stage', () => {
    const out = columns(pipeline)!.split('\n');
    expect(out[0]).toBe('flowchart LR');
    // Each stage keeps its own direction, its nodes, and the labels of nodes first written on a link between stages.
    expect(out.slice(out.indexOf('    subgraph BUILD["Build"]'), out.indexOf('    subgraph BUILD["Build"]') + 2)).toEqual(['    subgraph BUILD["Build"]', '        direction TB']);
    expect(out).toContain('        B1[Deploy]');
    expect(out).toContain('        A2 -->|no| A3[Fix]');
    expect(out).toContain('    START[Push]');
    // Links between stages join the stages themselves (label kept), after everything else.
    expect(out.slice(-2)).toEqual(['    START --> BUILD', '    BUILD -- ship --> RUN']);
    expect(out).toContain('    style A3 fill:#fcc');
    expect(out.join('\n')).not.toMatch(/A4 -- ship|--> A1\b/);
  });

  it('offers nothing when a stage is left from two nodes (which one leads where would be lost)', () => {
    expect(columns([...pipeline, '    A3 --> B1'])).toBeUndefined();
  });

  it('reads a node named again in a later stage as mermaid does: it stays in the first, the link leaves that stage', () => {
    const delivery = [
      'flowchart LR',
      '    subgraph CI["Integrate"]',
      '        PR[Merge request] --> UT[Tests] --> IMG[Image]',
      '    end',
      '    subgraph CD["Deliver"]',
      '        IMG --> STG[Staging] --> CAN[Canary] --> FULL[Everyone]',
      '    end',
      '    FULL --> DONE[Announce]',
    ];
    const out = columns(delivery)!.split('\n');
    // A left-to-right pipeline: its stages become rows, one under the other.
    expect(out[0]).toBe('flowchart TB');
    expect(out).toContain('        direction LR');
    expect(out.slice(-2)).toEqual(['    CI --> CD', '    CD --> DONE']);
    expect(out).toContain('        STG[Staging]');
    expect(out.join('\n')).not.toMatch(/IMG --> STG/);
    // Fixing forward back into the first stage: the stages would have no first one left, so no variant.
    expect(columns([...delivery, '    DONE --> PR'])).toBeUndefined();
  });

  it('offers nothing for what it cannot read for certain', () => {
    expect(columns([...pipeline, '    linkStyle 0 stroke:red'])).toBeUndefined();
    expect(columns([...pipeline, '    C@{ shape: rect }'])).toBeUndefined();
    expect(columns(['flowchart TB', '    subgraph ONE', '        A --> B', '    end', '    B --> C'])).toBeUndefined();
    expect(columns(pipeline.filter((l) => !l.includes('end')))).toBeUndefined();
  });
});

describe('folded chains (flowchartFold.ts)', () => {
  const chain = ['flowchart LR', ...Array.from({ length: 11 }, (_, i) => `    S${i}[Step ${i}] --> S${i + 1}[Step ${i + 1}]`), '    style S3 fill:#FFE082'].join('\n');

  it('wraps a long left-to-right chain into stacked rows, each row left to right', () => {
    const variants = layoutVariants(chain);
    const two = variants.find((v) => v.name === 'folded-2')!;
    const three = variants.find((v) => v.name === 'folded-3')!;
    expect(two.source.split('\n')[0]).toBe('flowchart TB');
    expect(two.source.match(/subgraph FOLD\d/g)).toHaveLength(2);
    expect(three.source.match(/subgraph FOLD\d/g)).toHaveLength(3);
    expect(two.source.match(/direction LR/g)).toHaveLength(2);
    // The one link between rows stands for the link from the last step of a row to the first of the next.
    expect(two.source).toContain('FOLD0 --> FOLD1');
    expect(two.source).not.toMatch(/S5 --> S6/);
    // Every step keeps its label and the author's styling survives.
    for (let i = 0; i <= 11; i++) expect(two.source).toContain(`S${i}[Step ${i}]`);
    expect(two.source).toContain('style S3 fill:#FFE082');
  });

  it('gives no plain fold where one arrow between rows would hide which step leads where', () => {
    // Two lanes side by side: a cut crosses two links, leaving from two different steps; only lettered connectors can say which.
    const lanes = ['flowchart LR', ...Array.from({ length: 7 }, (_, i) => `    A${i} --> A${i + 1}\n    B${i} --> B${i + 1}`)].join('\n');
    expect(layoutVariants(lanes).filter((v) => v.name.startsWith('folded')).every((v) => v.name.includes('-linked'))).toBe(true);
    // A loop back across rows needs a letter; a short chain needs no fold; subgraphs are stage-columns' job.
    expect(layoutVariants(`${chain}\n    S11 --> S0`).some((v) => /^folded-\d$/.test(v.name))).toBe(false);
    expect(layoutVariants('flowchart LR\n  A --> B --> C --> D').some((v) => v.name.startsWith('folded'))).toBe(false);
    expect(layoutVariants('flowchart LR\n  subgraph X\n  A --> B --> C --> D --> E --> F --> G\n  end').some((v) => v.name.startsWith('folded'))).toBe(false);
  });

  it('folds a chain with a loop back inside one row ("not yet? wait again"), the loop kept as written', () => {
    const looped = `${chain}\n    S6 -- not yet --> S5`;
    const two = layoutVariants(looped).find((v) => v.name === 'folded-2' || v.name === 'folded-3')!;
    expect(two.source).toContain('S6 -- not yet --> S5');
  });

  it('folds a decision tree by its questions, each outcome kept in the band of the question it answers', () => {
    const questions = Array.from({ length: 7 }, (_, i) => [`    Q${i}{Question ${i}?} -->|No| R${i}[Outcome ${i}]`, `    Q${i} -->|Yes| Q${i + 1}`]).flat();
    const tree = ['flowchart TD', ...questions, '    Q7{Last question?} -->|Yes| DONE[Success]', '    Q7 -->|No| R4'].join('\n');
    const folded = layoutVariants(tree).find((v) => v.name === 'folded-2')!;
    expect(folded).toBeDefined();
    // The band a node is declared in (FOLD0 or FOLD1).
    const bandOf = (id: string): string => {
      let band = '';
      for (const line of folded.source.split('\n')) {
        band = /subgraph (FOLD\d)/.exec(line)?.[1] ?? band;
        if (new RegExp(`^\\s+${id}\\b`).test(line)) return band;
      }
      return '';
    };
    for (let i = 0; i < 7; i++) if (i !== 4) expect(bandOf(`R${i}`), `outcome ${i}`).toBe(bandOf(`Q${i}`));
    // An outcome reached from questions in two bands stays where its rank puts it; the one arrow between bands is the spine's.
    expect(folded.source.match(/FOLD0 -->\|Yes\| FOLD1/g)).toHaveLength(1);
  });

  it('folds a decision tree whose questions lead into the next row from several places through lettered connectors', () => {
    // Resolving a name: two questions of the first half lead into the second half at two different steps.
    const tree = [
      'flowchart TB',
      '    CALL[lookup] --> READ[read config] --> LOCAL{in hosts file?}',
      '    LOCAL -- yes --> DONE([return address])',
      '    LOCAL -- no --> DOTS{enough dots?}',
      '    DOTS -- yes --> SEARCH[try search domains]',
      '    DOTS -- no --> ABS[try name as given]',
      '    SEARCH --> ASK[ask the nameserver]',
      '    ABS --> ASK',
      '    ASK --> REPLY{reply in time?}',
      '    REPLY -- yes --> DONE',
      '    REPLY -- no --> LEFT{tries left?}',
      '    LEFT -- yes --> ASK',
      '    LEFT -- no --> FAIL([give up])',
    ].join('\n');
    const variants = layoutVariants(tree);
    expect(variants.some((v) => /^folded-\d$/.test(v.name)), 'no plain fold: two steps lead across').toBe(false);
    const folded = variants.find((v) => v.name === 'folded-2-linked')!;
    expect(folded).toBeDefined();
    const lines = folded.source.split('\n');
    expect(lines[0]).toBe('flowchart LR');
    // Each link into the later column ends at a lettered circle, and the same letter opens that column:
    // one letter per step entered, so SEARCH and ABS share the letter that leads to ASK.
    const out = lines.filter((l) => /--> FOLDout0\w/.test(l)).map((l) => l.trim());
    expect(out).toEqual(['LOCAL -- yes --> FOLDout0A((A))', 'SEARCH --> FOLDout0B((B))', 'ABS --> FOLDout0B']);
    expect(folded.source).toContain('FOLDin1A((A)) --> DONE');
    expect(folded.source).toContain('FOLDin1B((B)) --> ASK');
    // The loop back stays inside its column as written; the columns keep the author's direction.
    expect(folded.source).toContain('LEFT -- yes --> ASK');
    expect(folded.source.match(/direction TB/g)).toHaveLength(2);
    expect(folded.source).toContain('FOLD0 --> FOLD1');
    // A loop back to the first column ("try again") goes through a letter of its own.
    const again = layoutVariants(`${tree}\n    FAIL -- try again --> READ`).find((v) => v.name === 'folded-2-linked')!;
    expect(again.source).toContain('FAIL -- try again --> FOLDout1C((C))');
    expect(again.source).toContain('FOLDin0C((C)) --> READ');
    // More letters than a reader can match gives no fold: five lanes side by side.
    const lanes = ['flowchart LR', ...['A', 'B', 'C', 'D', 'E'].flatMap((lane) => Array.from({ length: 7 }, (_, i) => `    ${lane}${i} --> ${lane}${i + 1}`))].join('\n');
    expect(layoutVariants(lanes).some((v) => v.name.startsWith('folded'))).toBe(false);
  });

  it('also folds a top-to-bottom spine of questions into rows, each row left to right', () => {
    const questions = Array.from({ length: 8 }, (_, i) => [`    Q${i}{Check ${i} passes?} -- no --> F${i}[Fix ${i}]`, `    Q${i} -- yes --> Q${i + 1}`]).flat();
    const spine = ['flowchart TD', ...questions, '    Q8[Done]'].join('\n');
    const names = layoutVariants(spine).map((v) => v.name);
    expect(names).toContain('folded-2-hex-decisions');
    const rows = layoutVariants(spine).find((v) => v.name === 'folded-2-flipped-hex-decisions')!;
    expect(rows.source.split('\n')[0]).toBe('flowchart TB');
    expect(rows.source.match(/direction LR/g)).toHaveLength(2);
    expect(rows.source).toContain('Q0{{Check 0 passes?}}');
  });

  it('reads a label holding an entity (#quot;) or a statement ending in a semicolon', () => {
    const chain = ['flowchart LR', ...Array.from({ length: 8 }, (_, i) => `    S${i}["Step #quot;${i}#quot;"] --> S${i + 1};`)].join('\n');
    expect(layoutVariants(chain).some((v) => v.name === 'folded-2')).toBe(true);
    // Two statements on one line are beyond the reader: no fold rather than a wrong one.
    expect(layoutVariants(`${chain}\n    X --> Y; Y --> Z`).some((v) => v.name.startsWith('folded'))).toBe(false);
  });

  it('folds a tall top-to-bottom chain into columns side by side', () => {
    const tall = chain.replace('flowchart LR', 'flowchart TB');
    const two = layoutVariants(tall).find((v) => v.name === 'folded-2')!;
    expect(two.source.split('\n')[0]).toBe('flowchart LR');
    expect(two.source.match(/direction TB/g)).toHaveLength(2);
  });
});

describe('decisions as hexagons', () => {
  const tree = ['flowchart TD', '    A[Request] --> B{Parsed?}', '    B -->|No| C[400]', '    B -->|Yes| D{"Token valid?"}', '    D -->|No| E[401]', '    D -->|Yes| F{{Already a hexagon}}', '    F --> G[200]', '    style B fill:#fee'].join('\n');

  it('draws each diamond as a hexagon with the same label and arrows, in the compact layouts', () => {
    const variants = layoutVariants(tree);
    const hex = variants.find((v) => v.name === 'compact-hex-decisions')!;
    expect(hex.source).toContain('B{{Parsed?}}');
    expect(hex.source).toContain('D{{"Token valid?"}}');
    expect(hex.source).toContain('F{{Already a hexagon}}');
    // Nothing else changes: the lines are the author's but for the brackets.
    expect(hex.source.replace(/\{\{([^{}]*)\}\}/g, '{$1}')).toBe(tree.replace('F{{Already a hexagon}}', 'F{Already a hexagon}'));
    expect(variants.find((v) => v.name === 'flipped-compact-hex-decisions')!.source.split('\n')[0]).toBe('flowchart LR');
  });

  it('offers none for a flowchart without decisions', () => {
    expect(layoutVariants('flowchart LR\n  A[One] --> B[Two] --> C{{Three}}').some((v) => v.name.includes('hex'))).toBe(false);
  });
});

describe('subgraphs as written (flowchartColumns.ts)', () => {
  it('keeps a subgraph\'s own direction by linking the subgraph, not its last node, to what follows', () => {
    const source = ['flowchart TB', '    subgraph Budget["Retry budget"]', '        direction LR', '        W[Wait] --> R1[Try 1]', '        R1 --> R2[Try 2]', '    end', '    R2 --> OK{Acked?}', '    OK -- yes --> S[Done]'].join('\n');
    const variant = layoutVariants(source).find((v) => v.name === 'subgraphs-as-written')!;
    expect(variant.source).toContain('direction LR');
    expect(variant.source).toMatch(/^ {4}Budget --> OK$/m);
    expect(variant.source).not.toMatch(/R2 --> OK/);
    expect(variant.source).toContain('OK{Acked?}');
    // Left from two of its nodes, the subgraph cannot say which: no variant.
    expect(layoutVariants(`${source}\n    R1 --> S`).some((v) => v.name === 'subgraphs-as-written')).toBe(false);
  });
});

describe('timeline as columns (timelineColumns.ts)', () => {
  const timeline = ['timeline', '    title Outage, 14 May', '    section Trigger', '        13.52 : Config change merged', '        13.58 : Rolled out : to all regions', '    section Recovery', '        14.41 : Errors back under SLO', '        : Page resolved', '        14.55 : Incident closed'].join('\n');

  it('gives each section a column and lists its events down it, in order, with the title kept', () => {
    const [variant] = layoutVariants(timeline);
    expect(variant!.name).toBe('timeline-columns');
    const lines = variant!.source.split('\n');
    expect(lines.slice(0, 4)).toEqual(['---', 'title: "Outage, 14 May"', '---', 'flowchart LR']);
    expect(variant!.source).toContain('subgraph TL0["Trigger"]');
    expect(variant!.source).toContain('TL0_1["13.58<br/>Rolled out<br/>to all regions"]');
    // A continuation line (": Page resolved") belongs to the period before it.
    expect(variant!.source).toContain('TL1_0["14.41<br/>Errors back under SLO<br/>Page resolved"]');
    expect(variant!.source).toContain('TL0_0 ~~~ TL0_1');
    expect(variant!.source).toContain('TL0 --> TL1');
  });

  it('cuts a timeline without sections into columns of a few events, and leaves short ones alone', () => {
    const long = ['timeline', ...Array.from({ length: 9 }, (_, i) => `    ${2010 + i} : Event ${i}`)].join('\n');
    expect(layoutVariants(long)[0]!.source.match(/subgraph TL\d/g)).toHaveLength(3);
    expect(layoutVariants('timeline\n    2020 : A\n    2021 : B')).toEqual([]);
  });
});
