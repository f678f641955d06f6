/**
 * Prints one final line after the run, easy to grep in CI logs:
 *   e2e summary: 42 passed, 0 failed, 0 flaky, 0 skipped (1m 12.3s) → passed
 */
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class SummaryReporter implements Reporter {
  private readonly outcomes = new Map<string, ReturnType<TestCase['outcome']>>();

  onTestEnd(test: TestCase, _result: TestResult): void {
    this.outcomes.set(test.id, test.outcome());
  }

  onEnd(result: FullResult): void {
    const count = (outcome: string): number => [...this.outcomes.values()].filter((o) => o === outcome).length;
    const ms = result.duration;
    const time = ms >= 60_000 ? `${Math.floor(ms / 60_000)}m ${((ms % 60_000) / 1000).toFixed(1)}s` : `${(ms / 1000).toFixed(1)}s`;
    console.log(
      `e2e summary: ${count('expected')} passed, ${count('unexpected')} failed, ${count('flaky')} flaky, ${count('skipped')} skipped (${time}) → ${result.status}`,
    );
  }

  printsToStdio(): boolean {
    return false;
  }
}
