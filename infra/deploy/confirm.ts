import { createInterface } from 'node:readline/promises';
import { UsageError } from './errors';

/** Asks on the terminal; without one (CI, a pipe) there is nobody to answer, so --yes is required. */
export async function askOnTerminal(question: string): Promise<string> {
  if (!process.stdin.isTTY)
    throw new UsageError('No terminal to confirm on: pass --yes to destroy without a confirmation prompt.');
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await terminal.question(question);
  } finally {
    terminal.close();
  }
}
