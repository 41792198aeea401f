import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { TEMPLATE_PATH } from '../../paths';

export interface CfnParameter {
  Type: string;
  Default?: unknown;
  AllowedValues?: unknown[];
  AllowedPattern?: string;
  Description?: string;
  [key: string]: unknown;
}

export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  Condition?: string;
  DependsOn?: string | string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  [key: string]: unknown;
}

export interface CfnOutput {
  Value: unknown;
  Description?: string;
  Condition?: string;
  Export?: { Name: unknown };
}

/** A CloudFormation template as a plain YAML parser reads it (long-form intrinsics only). */
export interface CfnTemplate {
  AWSTemplateFormatVersion?: string;
  Description?: string;
  Parameters?: Record<string, CfnParameter>;
  Rules?: Record<string, unknown>;
  Mappings?: Record<string, unknown>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, CfnOutput>;
}

/**
 * Templates already parsed, by their text. The tests read the template about a hundred times per run,
 * and parsing its 50 KB of YAML costs some fifty milliseconds where a copy costs one. A few texts
 * at most (the stack's, the pipeline's, an edited one): the oldest goes first.
 */
const parsed = new Map<string, CfnTemplate>();
const PARSED_KEPT = 4;

/** The template `text` holds, a fresh copy each time: callers may edit what they get. */
export function parseTemplate(text: string): CfnTemplate {
  let template = parsed.get(text);
  if (template === undefined) {
    template = parse(text) as CfnTemplate;
    if (!template || typeof template !== 'object' || !template.Resources)
      throw new Error('Not a CloudFormation template: no Resources section');
    parsed.set(text, template);
    if (parsed.size > PARSED_KEPT) parsed.delete(parsed.keys().next().value as string);
  }
  return structuredClone(template);
}

export function loadTemplate(path = TEMPLATE_PATH): CfnTemplate {
  return parseTemplate(readFileSync(path, 'utf8'));
}
