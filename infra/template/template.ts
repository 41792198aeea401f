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

export function parseTemplate(text: string): CfnTemplate {
  const template = parse(text) as CfnTemplate;
  if (!template || typeof template !== 'object' || !template.Resources)
    throw new Error('Not a CloudFormation template: no Resources section');
  return template;
}

export function loadTemplate(path = TEMPLATE_PATH): CfnTemplate {
  return parseTemplate(readFileSync(path, 'utf8'));
}
