/** The `lessondeck` command's entry (bin/lessondeck.js runs its compiled form); see cli/program.ts. */
import { runCli } from './cli/program.ts';

await runCli();
