import { readFileSync } from 'node:fs';

/**
 * The managed policies the deploying user (and the pipeline's deploy stage) is given, as
 * infra/README.md §1 creates them: the core policy, the alarms' policy, and what the web app's
 * sign-in and hosting need (split because one managed policy holds at most 6,144 characters).
 */
export const DEPLOYER_POLICY_FILES = [
  'infra/deployer-policy.json',
  'infra/deployer-alarms-policy.json',
  'infra/deployer-app-policy.json',
];

export interface DeployerStatement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

export function readDeployerPolicy(file: string): { text: string; Statement: DeployerStatement[] } {
  const text = readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8');
  return { text, ...(JSON.parse(text) as { Statement: DeployerStatement[] }) };
}

/** Every statement of every deployer policy. */
export function deployerStatements(): DeployerStatement[] {
  return DEPLOYER_POLICY_FILES.flatMap((file) => readDeployerPolicy(file).Statement);
}
