/**
 * The shape of a config file, as data: validateConfig walks it, so a key
 * that is not here is unknown and a value of another type is wrong.
 * Keep it in step with types.ts (a unit test compares them through defineConfig).
 */
export type Rule =
  | { kind: 'string' }
  | { kind: 'boolean' }
  | { kind: 'number'; integer?: boolean; min?: number; max?: number }
  | { kind: 'oneOf'; values: readonly (string | number)[] }
  | { kind: 'list'; of: Rule }
  | { kind: 'object'; keys: Readonly<Record<string, Rule>> };

const string: Rule = { kind: 'string' };
const boolean: Rule = { kind: 'boolean' };
const port: Rule = { kind: 'number', integer: true, min: 0, max: 65535 };
const pixels: Rule = { kind: 'number', min: 1, max: 200 };
const object = (keys: Record<string, Rule>): Rule => ({ kind: 'object', keys });
const oneOf = (...values: (string | number)[]): Rule => ({ kind: 'oneOf', values });

export const CONFIG_SCHEMA = object({
  title: string,
  root: string,
  outDir: string,
  base: string,
  theme: string,
  lessons: object({ include: { kind: 'list', of: string }, exclude: { kind: 'list', of: string } }),
  slides: object({ mode: oneOf('auto', 'document', 'slides') }),
  fit: object({ mode: oneOf('auto', 'split', 'scale', 'none'), minCodeSize: pixels, minDiagramLabel: pixels, longCode: oneOf('walkthrough', 'split') }),
  pdf: object({
    outDir: string,
    formats: { kind: 'list', of: oneOf('slides', 'handout', 'student', 'notes', 'course', 'pptx', 'png') },
    buildFormats: { kind: 'list', of: oneOf('slides', 'handout', 'student', 'notes', 'pptx', 'png') },
    scale: { kind: 'number', min: 0.25, max: 4 },
    tagged: boolean,
    paper: oneOf('a4', 'letter'),
    perPage: oneOf(1, 2, 3, 4, 6),
    withSteps: boolean,
  }),
  present: object({ port, host: string }),
  dev: object({ port, host: string }),
  dialects: object({ liquid: boolean, scripts: oneOf('drop', 'keep') }),
  safe: boolean,
  strict: boolean,
  browser: string,
});
