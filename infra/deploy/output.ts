/** Where the commands print progress: the console in the CLI, an array in tests. */
export interface Output {
  line(text: string): void;
}

export const consoleOutput: Output = {
  line: (text) => {
    process.stdout.write(`${text}\n`);
  },
};

/** Collects printed lines (tests). */
export function capturedOutput(): Output & { lines: string[] } {
  const lines: string[] = [];
  return { lines, line: (text) => lines.push(text) };
}
