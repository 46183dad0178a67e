/**
 * The public data the training and evaluation commands read (`../shared/data` beside the
 * checkout, or `--data DIR`). A clone without it used to end those commands in a Node stack
 * trace (ENOENT …); now they say in one line what is missing and what still works, and exit 2.
 */
import fs from 'node:fs';

/** Exit code of a command whose input data is missing (as for a usage error). */
export const MISSING_DATA_EXIT = 2;

/** The one line for the first of `files` that does not exist, or null when all do. */
export function missingDataLine(tool: string, files: readonly string[]): string | null {
  const missing = files.find((f) => !fs.existsSync(f));
  if (!missing) return null;
  return (
    `${tool}: no ${missing}. This command reads the public data in ../shared/data beside the checkout ` +
    '(or --data DIR); without it npm start still runs a generated demo shop.'
  );
}

/** Prints {@link missingDataLine} and exits {@link MISSING_DATA_EXIT} when a file is missing. */
export function requireDataFiles(tool: string, files: readonly string[]): void {
  const line = missingDataLine(tool, files);
  if (!line) return;
  console.error(line);
  process.exit(MISSING_DATA_EXIT);
}
