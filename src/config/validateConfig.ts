/**
 * Checks a loaded config object against CONFIG_SCHEMA. Every problem is one
 * line naming the file and the key's path (`fit.minDiagramLabel`), so a typo
 * is an error rather than a setting silently ignored.
 */
import { themeNames } from '../render/themes.ts';
import type { LessondeckConfig } from './types.ts';
import { CONFIG_SCHEMA, type Rule } from './schema.ts';

export class ConfigError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(problems.map((p) => `${file}: ${p}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** The config, typed, or a ConfigError listing every problem. */
export function validateConfig(value: unknown, file: string): LessondeckConfig {
  const problems: string[] = [];
  if (!isRecord(value)) throw new ConfigError(file, [`the config must be an object (export default defineConfig({ … })), got ${describe(value)}`]);
  check(value, CONFIG_SCHEMA, '', problems);
  if (typeof value.theme === 'string' && !themeNames().includes(value.theme)) {
    problems.push(`"theme" is "${value.theme}", which is not a theme; use one of: ${themeNames().join(', ')}`);
  }
  if (problems.length) throw new ConfigError(file, problems);
  return value as LessondeckConfig;
}

function check(value: unknown, rule: Rule, key: string, problems: string[]): void {
  const wrong = (expected: string) => problems.push(`"${key}" must be ${expected}, got ${describe(value)}`);
  switch (rule.kind) {
    case 'string':
      if (typeof value !== 'string') wrong('a string');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') wrong('true or false');
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value) || (rule.integer && !Number.isInteger(value))) return void wrong(rule.integer ? 'a whole number' : 'a number');
      if ((rule.min !== undefined && value < rule.min) || (rule.max !== undefined && value > rule.max)) wrong(`between ${rule.min} and ${rule.max}`);
      return;
    case 'oneOf':
      if (!rule.values.includes(value as string | number)) wrong(`one of ${rule.values.map((v) => JSON.stringify(v)).join(', ')}`);
      return;
    case 'list':
      if (!Array.isArray(value)) return void wrong('a list');
      value.forEach((item, index) => check(item, rule.of, `${key}[${index}]`, problems));
      return;
    case 'object':
      if (!isRecord(value)) return void wrong('an object');
      for (const [name, child] of Object.entries(value)) {
        const childKey = key ? `${key}.${name}` : name;
        const childRule = rule.keys[name];
        if (!childRule) problems.push(`unknown key "${childKey}"${suggestion(name, Object.keys(rule.keys))}`);
        else if (child !== undefined) check(child, childRule, childKey, problems);
      }
  }
}

function suggestion(name: string, known: string[]): string {
  const close = known.find((k) => k.toLowerCase() === name.toLowerCase() || editDistance(k, name) <= 2);
  return close ? ` (did you mean "${close}"?)` : `; known keys here: ${known.join(', ')}`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
