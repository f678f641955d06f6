/**
 * Export progress: on a terminal, one cli-progress bar per deck plus an
 * overall bar; elsewhere (CI, pipes, tests) one plain line per written file.
 */
import cliProgress from 'cli-progress';

export interface DeckProgress {
  step(label: string): void;
  done(): void;
}

export interface ExportProgress {
  deck(name: string, steps: number): DeckProgress;
  /** A finished output file (shown above the bars, or as a line). */
  wrote(file: string, pages: number): void;
  stop(): void;
}

export function createProgress(totalSteps: number, interactive: boolean, log: (line: string) => void): ExportProgress {
  if (!interactive) {
    return {
      deck: () => ({ step: () => {}, done: () => {} }),
      wrote: (file, pages) => log(`wrote ${file} (${pages} page${pages === 1 ? '' : 's'})`),
      stop: () => {},
    };
  }
  const bars = new cliProgress.MultiBar(
    { format: ' {bar} {value}/{total} {name} {label}', hideCursor: true, clearOnComplete: false, stopOnComplete: false, barsize: 24, autopadding: true },
    cliProgress.Presets.shades_classic,
  );
  const overall = bars.create(totalSteps, 0, { name: 'all decks', label: '' });
  return {
    deck(name, steps) {
      const bar = bars.create(steps, 0, { name, label: 'printing' });
      return {
        step(label) {
          bar.increment(1, { label });
          overall.increment(1);
        },
        done() {
          bar.update(steps, { label: 'done' });
        },
      };
    },
    wrote: (file, pages) => bars.log(`wrote ${file} (${pages} pages)\n`),
    stop: () => bars.stop(),
  };
}
