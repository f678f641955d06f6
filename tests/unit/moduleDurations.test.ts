import { describe, expect, it } from 'vitest';
import { fillDurationsFromModules, moduleDurations } from '../../src/course/moduleDurations.ts';
import { slideTiming, timingAttribute } from '../../src/render/slideTiming.ts';

const README = `# Module 7

| Lesson | Lab | Lesson duration | Lab duration |
|--------|-----|-----------------|--------------|
| [7.1 Packaging](lessons/01-packaging.md) | [Lab 7.1](labs/lab-01-packaging.md) | 50 min | 1h |
| [7.2 RBAC](lessons/02-rbac.md#intro) | [Lab 7.2](labs/lab-02-rbac.md) | 55 min | n/a |

| Extra | Duration |
|---|---|
| [Quick reference](slide-first/quick-reference.md) | 10 minutes |
| [External](https://example.com/x.md) | 5 min |
`;

describe('moduleDurations', () => {
  it('reads "<X> duration" columns for the file linked in column X, and a lone Duration column', () => {
    const minutes = moduleDurations('module-07/README.md', README);
    expect(Object.fromEntries(minutes)).toEqual({
      'module-07/lessons/01-packaging.md': 50,
      'module-07/labs/lab-01-packaging.md': 60,
      'module-07/lessons/02-rbac.md': 55,
      'module-07/slide-first/quick-reference.md': 10,
    });
  });

  it('fills only decks that state no duration of their own', () => {
    const entries = [
      { file: 'module-07/labs/lab-01-packaging.md', moduleDir: 'module-07', deck: {} as { durationMinutes?: number } },
      { file: 'module-07/lessons/01-packaging.md', moduleDir: 'module-07', deck: { durationMinutes: 45 } },
    ];
    fillDurationsFromModules(entries, ['module-07/README.md'], () => README);
    expect(entries[0]!.deck.durationMinutes).toBe(60);
    expect(entries[1]!.deck.durationMinutes).toBe(45);
  });
});

describe('slideTiming', () => {
  it('reads a number for every slide or a map by slide id', () => {
    expect(slideTiming(90, { id: 'a' })).toBe(90);
    expect(slideTiming({ a: 30, b: 'x' }, { id: 'a' })).toBe(30);
    expect(slideTiming({ a: 30, b: 'x' }, { id: 'b' })).toBeUndefined();
    expect(slideTiming(undefined, { id: 'a' })).toBeUndefined();
    expect(timingAttribute({ intro: 120 }, { id: 'intro' })).toBe(' data-timing="120"');
    expect(timingAttribute(-5, { id: 'intro' })).toBe('');
  });
});
