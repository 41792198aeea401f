/** The buildspecs of infra/pipeline.yaml's CodeBuild projects, as CodeBuild reads them. */
import { parse } from 'yaml';
import { loadTemplate } from '../../../infra/template/template';
import { PIPELINE_PATH } from '../../../paths';
import { props } from './template-edits';

export interface BuildSpec {
  env?: { variables?: Record<string, string> };
  phases: Record<string, { 'runtime-versions'?: Record<string, string | number>; commands?: string[] }>;
  reports?: Record<string, { files: string[]; 'file-format': string }>;
}

/** A project's buildspec; one given through Fn::Sub is read with its ${...} left as written. */
export function buildSpecOf(project: string): BuildSpec {
  const written = props(loadTemplate(PIPELINE_PATH), project, 'Source').BuildSpec as
    | string
    | { 'Fn::Sub': string };
  return parse(typeof written === 'string' ? written : written['Fn::Sub']) as BuildSpec;
}

/** Every command of a buildspec, phase after phase. */
export const commandsOf = (spec: BuildSpec): string[] =>
  Object.values(spec.phases).flatMap((phase) => phase.commands ?? []);
