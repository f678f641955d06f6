import { describe, expect, it } from 'vitest';
import { isDeckPath, MAX_INDEX, parseClientMessage, samePosition } from '../../src/present/protocol.ts';
import { tokenMatches } from '../../src/present/syncHub.ts';
import { createLogLimiter } from '../../src/present/logLimiter.ts';

const state = (over: Record<string, unknown> = {}) => JSON.stringify({ type: 'state', state: { deck: '/m/a.html', h: 1, v: 0, f: -1, blank: false, ...over } });

describe('parseClientMessage', () => {
  it('accepts hello with and without a token, and a valid state', () => {
    expect(parseClientMessage('{"type":"hello"}')).toEqual({ ok: true, value: { type: 'hello' } });
    expect(parseClientMessage('{"type":"hello","token":"abc"}')).toEqual({ ok: true, value: { type: 'hello', token: 'abc' } });
    expect(parseClientMessage(state())).toEqual({ ok: true, value: { type: 'state', state: { deck: '/m/a.html', h: 1, v: 0, f: -1, blank: false } } });
    expect(parseClientMessage(state({ blank: undefined }))).toMatchObject({ ok: true, value: { state: { blank: false } } });
  });

  it.each([
    ['not json', 'malformed JSON'],
    ['[1,2]', 'JSON object'],
    ['null', 'JSON object'],
    ['{"type":"nav","h":1}', 'unknown message type'],
    ['{"type":"hello","token":5}', 'token'],
  ])('rejects %s', (text, reason) => {
    const parsed = parseClientMessage(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });

  it.each([
    { h: -1 },
    { h: 1.5 },
    { h: MAX_INDEX + 1 },
    { v: '2' },
    { f: -2 },
    { f: Number.NaN },
    { blank: 'yes' },
    { deck: '/../../etc/passwd.html' },
    { deck: 'relative.html' },
    { deck: '/a.js' },
    { deck: '/a.html?x=1' },
    { deck: `/${'a'.repeat(600)}.html` },
  ])('rejects out-of-range or malformed state %o', (over) => {
    expect(parseClientMessage(state(over)).ok).toBe(false);
  });
});

describe('helpers', () => {
  it('isDeckPath accepts site paths to pages and folders only', () => {
    expect(isDeckPath('/module-07/lessons/01-x.html')).toBe(true);
    expect(isDeckPath('/module-07/')).toBe(true);
    expect(isDeckPath('/a\\b.html')).toBe(false);
    expect(isDeckPath('/./a.html')).toBe(false);
  });
  it('samePosition compares every field', () => {
    const a = { deck: '/a.html', h: 1, v: 2, f: 0, blank: false };
    expect(samePosition(a, { ...a })).toBe(true);
    expect(samePosition(a, { ...a, blank: true })).toBe(false);
    expect(samePosition(a, null)).toBe(false);
  });
  it('tokenMatches only the exact token', () => {
    expect(tokenMatches('secret', 'secret')).toBe(true);
    expect(tokenMatches('secret', 'secre')).toBe(false);
    expect(tokenMatches('secret', undefined)).toBe(false);
  });
  it('the log limiter prints at most max lines per window', () => {
    const lines: string[] = [];
    const log = createLogLimiter((l) => lines.push(l), 3, 60_000);
    for (let i = 0; i < 10; i++) log(`line ${i}`);
    expect(lines).toEqual(['line 0', 'line 1', 'line 2']);
  });
});
