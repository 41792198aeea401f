import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The repository root: infra/template/ is two levels below it. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TEMPLATE_PATH = join(PROJECT_ROOT, 'infra', 'template.yaml');
/** The release pipeline (CodePipeline + CodeBuild), deployed once by hand; see infra/README.md. */
export const PIPELINE_TEMPLATE_PATH = join(PROJECT_ROOT, 'infra', 'pipeline.yaml');
export const CONTRACT_PATH = join(PROJECT_ROOT, 'openapi', 'openapi.yaml');

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

export function parseTemplate(text: string): CfnTemplate {
  const template = parse(text) as CfnTemplate;
  if (!template || typeof template !== 'object' || !template.Resources)
    throw new Error('Not a CloudFormation template: no Resources section');
  return template;
}

export function loadTemplate(path = TEMPLATE_PATH): CfnTemplate {
  return parseTemplate(readFileSync(path, 'utf8'));
}
