import { describe, expect, it } from 'vitest';
import { walkthroughRanges, walkthroughSteps, type LineRange } from '../../src/render/codeWalkthrough.ts';

/**
 * Checks every walkthrough must pass: contiguous, complete, each step fits the
 * window, and "about half": no step under 0.4 of another (half, unless only a
 * shorter step keeps a declaration whole).
 */
function expectSoundSteps(ranges: LineRange[], lineCount: number, window: number): void {
  expect(ranges[0]?.from).toBe(1);
  expect(ranges.at(-1)?.to).toBe(lineCount);
  ranges.forEach((range, i) => {
    if (i > 0) expect(range.from, `step ${i + 1} starts right after step ${i}`).toBe(ranges[i - 1]!.to + 1);
    expect(range.to - range.from + 1, `step ${i + 1} (${range.from}-${range.to}) fits a ${window}-line window`).toBeLessThanOrEqual(window);
  });
  const sizes = ranges.map((r) => r.to - r.from + 1);
  expect(Math.min(...sizes), `no step is under about half of another (${sizes.join(' + ')})`).toBeGreaterThanOrEqual(0.4 * Math.max(...sizes));
}

/** The first line (1-based) of every step after the first: where the code is cut. */
const cutLines = (ranges: LineRange[]): number[] => ranges.slice(1).map((r) => r.from);

/** The first non-blank line at or after 1-based line `n` (a step may start with the blank lines before a declaration). */
const firstCodeLine = (lines: string[], n: number): string => lines.slice(n - 1).find((l) => l.trim() !== '') ?? '';

/** 1-based line numbers of the lines strictly inside [open, close] blocks found by the two patterns. */
function linesInside(lines: string[], open: RegExp, close: RegExp): Set<number> {
  const inside = new Set<number>();
  let start = -1;
  lines.forEach((line, i) => {
    if (start < 0 && open.test(line)) start = i;
    else if (start >= 0 && close.test(line)) {
      for (let n = start + 2; n <= i + 1; n++) inside.add(n);
      start = -1;
    }
  });
  return inside;
}

const GO_INVENTORY = `package inventory

import (
	"context"
	"fmt"
	"time"
)

// Item is one thing on a shelf.
type Item struct {
	ID        string
	Name      string
	Quantity  int
	Location  string
	Tags      []string
	CreatedAt time.Time
	UpdatedAt time.Time
	Owner     string
	Notes     string

	// Reserved counts items promised to open orders.
	Reserved int
	Version  int64
}

// Available is what can still be promised.
func (i Item) Available() int {
	return i.Quantity - i.Reserved
}

// Store keeps items by ID.
type Store struct {
	items map[string]Item
}

// Put stores an item, stamping the time it changed.
func (s *Store) Put(ctx context.Context, item Item) error {
	if item.ID == "" {
		return fmt.Errorf("item without ID")
	}

	item.UpdatedAt = time.Now()
	s.items[item.ID] = item
	return nil
}`.split('\n');

describe('walkthroughRanges: Go', () => {
  const window = 20;
  const ranges = walkthroughRanges(GO_INVENTORY, window, 'go');

  it('covers the file in steps that fit the window, balanced', () => {
    expectSoundSteps(ranges, GO_INVENTORY.length, window);
  });

  it('never cuts inside the struct or a function, and keeps doc comments with their declaration', () => {
    const inside = linesInside(GO_INVENTORY, /^(type|func|import)\b.*[({]$/, /^[)}]$/);
    for (const cut of cutLines(ranges)) {
      expect(inside.has(cut), `cut before line ${cut}: ${GO_INVENTORY[cut - 1]}`).toBe(false);
      expect(GO_INVENTORY[cut - 2], `line above the cut at ${cut} is blank`).toBe('');
      expect(firstCodeLine(GO_INVENTORY, cut), `cut at ${cut} starts a declaration or its comment`).toMatch(/^(\/\/|type|func)/);
    }
  });

  it('cuts mid-struct only when the struct alone is longer than the window', () => {
    const longStruct = ['type Wide struct {', ...Array.from({ length: 40 }, (_, i) => `\tField${i} int`), '}'];
    const forced = walkthroughRanges(longStruct, 20, 'go');
    expectSoundSteps(forced, longStruct.length, 20);
    // With a blank line inside, the cut goes there.
    const withBlank = [...longStruct.slice(0, 21), '', ...longStruct.slice(21)];
    expect(cutLines(walkthroughRanges(withBlank, 25, 'golang'))).toEqual([23]);
  });
});

/** A 150-line Python module, made of functions and classes of different sizes with blank lines inside them. */
function pythonModule(): string[] {
  const lines = ['"""Grade book: load scores, compute grades, print a report."""', '', 'import csv', 'import statistics', 'from dataclasses import dataclass', '', 'PASS_MARK = 50', ''];
  const body = (name: string, size: number): string[] => {
    const out = [`def ${name}(rows):`, `    """${name.replace(/_/g, ' ')}."""`, '    result = []'];
    for (let i = 0; out.length < size - 1; i++) out.push(i % 5 === 4 ? '' : `    result.append(rows[${i}] * ${i + 1})`);
    out.push('    return result');
    return out;
  };
  const klass = (name: string, size: number): string[] => {
    const out = ['@dataclass', `class ${name}:`, '    name: str', '    score: float', '', '    def passed(self):', '        return self.score >= PASS_MARK', ''];
    for (let i = 0; out.length < size - 1; i++) out.push(i % 4 === 3 ? '' : `    # note ${i}: keep the ${name} record small`);
    out.push('    grade = None');
    return out;
  };
  const parts = [body('load_scores', 14), klass('Student', 18), body('mean_score', 9), body('curve_scores', 22), klass('Course', 16), body('letter_grades', 17), body('print_report', 20)];
  for (const part of parts) lines.push(...part, '', '');
  lines.push('if __name__ == "__main__":');
  while (lines.length < 149) lines.push(`    print_report(load_scores("scores-${lines.length}.csv"))`);
  lines.push('    print("done")');
  return lines;
}

describe('walkthroughRanges: Python', () => {
  const module = pythonModule();
  const window = 30;
  const ranges = walkthroughRanges(module, window, 'python');

  it('is a 150-line file cut into balanced steps that fit the window', () => {
    expect(module).toHaveLength(150);
    expectSoundSteps(ranges, module.length, window);
  });

  it('cuts only before top-level definitions (a decorator stays on its class), after a blank line', () => {
    expect(cutLines(ranges).length).toBeGreaterThanOrEqual(4);
    for (const cut of cutLines(ranges)) {
      expect(firstCodeLine(module, cut), `cut before line ${cut}`).toMatch(/^(def |class |@|if __name__)/);
      expect(module[cut - 2], `line above the cut at ${cut}`).not.toMatch(/^@/);
      expect(module[cut - 1]!.trim() === '' || module[cut - 2] === '', `cut at ${cut} is at a blank line`).toBe(true);
    }
  });
});

const YAML_DOCS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
  labels:
    app: shop
spec:
  replicas: 3
  selector:
    matchLabels:
      app: shop
  template:
    metadata:
      labels:
        app: shop
    spec:
      containers:
        - name: web
          image: registry.local/shop:1.4
          ports:
            - containerPort: 8080

          readinessProbe:
            httpGet:
              path: /ready
              port: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: shop
spec:
  selector:
    app: shop

  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: shop-settings
data:
  currency: EUR

  pageSize: "25"`.split('\n');

describe('walkthroughRanges: YAML', () => {
  it('cuts a multi-document file only at ---, never inside a document', () => {
    for (const window of [30, 27, 40]) {
      const ranges = walkthroughRanges(YAML_DOCS, window, 'yaml');
      expectSoundSteps(ranges, YAML_DOCS.length, window);
      expect(cutLines(ranges).length).toBeGreaterThan(0);
      for (const cut of cutLines(ranges)) expect(YAML_DOCS[cut - 1], `cut before line ${cut} with a ${window}-line window`).toBe('---');
    }
  });

  it('within one document, cuts before a top-level key rather than inside a mapping', () => {
    const values = `# values for the shop chart
image:
  repository: registry.local/shop
  tag: "1.4"
  pullPolicy: IfNotPresent

service:
  type: ClusterIP
  port: 80
  annotations:
    team: storefront

ingress:
  enabled: true
  className: nginx
  hosts:
    - host: shop.local
      paths:
        - path: /
          pathType: Prefix

# limits keep one noisy pod from starving the node
resources:
  requests:
    cpu: 100m
    memory: 128Mi
  limits:
    cpu: 500m
    memory: 256Mi`.split('\n');
    const ranges = walkthroughRanges(values, 12, 'yml');
    expectSoundSteps(ranges, values.length, 12);
    for (const cut of cutLines(ranges)) expect(firstCodeLine(values, cut), `cut before line ${cut}`).toMatch(/^(#|[a-z]+:)/);
    expect(cutLines(ranges)).toEqual([13, 22]);
  });
});

const BASH_HEREDOC = `#!/usr/bin/env bash
set -euo pipefail

NAMESPACE=\${1:-shop}
RELEASE=shop

log() {
  echo "[$(date +%T)] $*"
}

log "writing the release notes"
cat <<'EOF' > /tmp/RELEASE.md
# Shop release notes

Deployed by the release script.

---
## What changed

- faster checkout
- new currency list

## How to roll back

Run the script again with the previous tag.
# (this line is markdown, not a shell comment)
EOF

log "applying it"
kubectl create configmap release-notes --from-file=/tmp/RELEASE.md

if ! kubectl -n "$NAMESPACE" rollout status deploy/"$RELEASE"; then
  log "rollout failed"

  kubectl -n "$NAMESPACE" describe deploy/"$RELEASE"
  exit 1
fi

log "done"`.split('\n');

describe('walkthroughRanges: bash', () => {
  it('never cuts inside a heredoc, even at its blank lines and its ---', () => {
    const window = 22;
    const ranges = walkthroughRanges(BASH_HEREDOC, window, 'bash');
    expectSoundSteps(ranges, BASH_HEREDOC.length, window);
    const start = BASH_HEREDOC.findIndex((l) => l.includes("<<'EOF'")) + 1;
    const end = BASH_HEREDOC.indexOf('EOF') + 1;
    for (const cut of cutLines(ranges)) {
      expect(cut > start && cut <= end, `cut before line ${cut} (${BASH_HEREDOC[cut - 1]}) is inside the heredoc ${start}-${end}`).toBe(false);
      expect(BASH_HEREDOC[cut - 2], `cut at ${cut} follows a blank line`).toBe('');
    }
  });

  it('never cuts a command continued with a backslash, or inside if … fi', () => {
    const script = ['#!/bin/sh', 'echo start', '', 'docker run \\', '  --rm \\', '  --name web \\', '  nginx', '', 'if true; then', '  echo a', '', '  echo b', 'fi', '', 'echo end'];
    const ranges = walkthroughRanges(script, 8, 'sh');
    expectSoundSteps(ranges, script.length, 8);
    for (const cut of cutLines(ranges)) expect([5, 6, 7, 10, 11, 12, 13]).not.toContain(cut);
  });
});

describe('walkthroughRanges: Dockerfile and others', () => {
  it('cuts a multi-stage Dockerfile before FROM', () => {
    const dockerfile = [
      'FROM golang:1.22 AS build', 'WORKDIR /src', 'COPY go.mod go.sum ./', 'RUN go mod download', 'COPY . .',
      'RUN CGO_ENABLED=0 go build \\', '    -o /out/shop \\', '    ./cmd/shop', '',
      '# a small runtime image', 'FROM gcr.io/distroless/static', 'COPY --from=build /out/shop /shop', 'USER 65532', 'EXPOSE 8080', 'ENTRYPOINT ["/shop"]',
    ];
    const ranges = walkthroughRanges(dockerfile, 10, 'dockerfile');
    expectSoundSteps(ranges, dockerfile.length, 10);
    expect(cutLines(ranges)).toEqual([10]);
  });

  it('returns one step when the code fits the window, none for no code', () => {
    expect(walkthroughRanges(['a', 'b'], 5, 'text')).toEqual([{ from: 1, to: 2 }]);
    expect(walkthroughRanges([], 5)).toEqual([]);
  });

  it('always covers the code in steps that fit, for any window', () => {
    const lines = GO_INVENTORY.concat(YAML_DOCS, BASH_HEREDOC);
    for (const window of [1, 2, 3, 7, 12, 33, 80]) expectSoundSteps(walkthroughRanges(lines, window, 'go'), lines.length, Math.min(window, lines.length));
  });
});

describe('walkthroughSteps', () => {
  it('formats ranges as data-steps specs', () => {
    expect(walkthroughSteps(YAML_DOCS, 30, { lang: 'yaml' })).toEqual(['1-26', '27-47']);
    expect(walkthroughSteps(['a', 'b', '', 'c'], 3, { lang: 'text' })).toEqual(['1-2', '3-4']);
  });

  it('keeps steps written in the fence info', () => {
    expect(walkthroughSteps(GO_INVENTORY, 20, { lang: 'go', explicitSteps: ['1-8', '9-24', '25-44'] })).toEqual(['1-8', '9-24', '25-44']);
  });
});

describe('walkthroughSteps with wrapped lines', () => {
  it('counts a wrapped line as the rows it takes, so every step fits the window', () => {
    const lines = Array.from({ length: 40 }, (_, i) => (i % 10 === 9 ? '' : `echo ${i}`));
    const rows = lines.map((_, i) => (i % 7 === 3 ? 3 : 1));
    const steps = walkthroughSteps(lines, 12, { lang: 'bash', rows });
    let covered = 0;
    for (const step of steps) {
      const [from, to] = step.split('-').map(Number) as [number, number];
      expect(from).toBe(covered + 1);
      covered = to ?? from;
      expect(rows.slice(from - 1, covered).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(12);
    }
    expect(covered).toBe(40);
  });
});
