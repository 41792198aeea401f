/** One thing wrong with a template or the contract, where it is and what to do about it. */
export interface TemplateProblem {
  /** JSON-Pointer-like location, e.g. `Resources/Api/Properties/Body`. */
  path: string;
  message: string;
}

export function formatProblems(problems: TemplateProblem[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join('\n');
}
