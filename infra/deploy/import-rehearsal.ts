/**
 * The import rehearsal: the stack's Api imports the contract with FailOnWarnings, so a warning the
 * offline checks did not predict fails the Api, and on a first deploy rolls the whole stack back
 * (leaving the retained table and user pool to delete by hand). Before that can happen, the contract,
 * resolved for the stage (./stage-contract.ts), is imported on its own with FailOnWarnings
 * (apigatewayv2 ImportApi), every warning is printed with its JSON pointer (./import-warnings.ts), and
 * the API it created is deleted again.
 *
 * `npm run deploy -- --stage <stage> --check-import` runs only this; `npm run deploy` runs it before
 * the change set that creates a stage.
 */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { type ApiGatewayV2Client, DeleteApiCommand, ImportApiCommand } from '@aws-sdk/client-apigatewayv2';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../paths';
import { loadTemplate } from '../template/template';
import type { AwsContext } from './aws-context';
import { ImportRehearsalError } from './errors';
import { type ImportWarning, importWarning, warningsInRefusal } from './import-warnings';
import type { Output } from './output';
import { resolveForStage } from './stage-contract';

export interface ImportRehearsal {
  stage: string;
  context: AwsContext;
  /** The stack's parameter values that differ from the template's defaults. */
  parameters: Record<string, string>;
  contractPath: string;
  templatePath: string;
  out: Output;
}

export async function rehearseImport(
  apiGateway: ApiGatewayV2Client,
  rehearsal: ImportRehearsal,
): Promise<void> {
  const { out } = rehearsal;
  const contractFile = relative(PROJECT_ROOT, rehearsal.contractPath);
  const document = resolveForStage(
    parse(await readFile(rehearsal.contractPath, 'utf8')),
    loadTemplate(rehearsal.templatePath),
    rehearsal,
  );
  out.line(
    `Import rehearsal: API Gateway imports ${contractFile} for ${rehearsal.stage} with FailOnWarnings`,
  );

  let imported: { ApiId?: string; Warnings?: string[]; ImportInfo?: string[] };
  try {
    imported = await apiGateway.send(
      new ImportApiCommand({ Body: JSON.stringify(document), FailOnWarnings: true }),
    );
  } catch (error) {
    const warnings =
      (error as Error).name === 'BadRequestException'
        ? warningsInRefusal((error as Error).message, document)
        : undefined;
    if (!warnings) throw error;
    refuse(warnings, contractFile, out, error);
  }

  try {
    for (const info of imported.ImportInfo ?? []) out.line(`  info: ${info}`);
    const warnings = (imported.Warnings ?? []).map((warning) => importWarning(warning, document));
    if (warnings.length > 0) refuse(warnings, contractFile, out);
    out.line(`  imported as API ${imported.ApiId} without warnings`);
  } finally {
    await deleteRehearsalApi(apiGateway, imported.ApiId, rehearsal.context, out);
  }
}

function refuse(warnings: ImportWarning[], contractFile: string, out: Output, cause?: unknown): never {
  out.line(`  ${warnings.length} warning(s):`);
  for (const { pointer, text } of warnings) out.line(`    ${pointer}: ${text}`);
  throw new ImportRehearsalError(
    `API Gateway imports ${contractFile} with ${warnings.length} warning(s), listed above with where they are. ` +
      "The stack's Api imports it with FailOnWarnings, so it would fail, and a first deploy would roll back. " +
      `Fix ${contractFile} (npm run lint:contract checks the rules known offline), then deploy again.`,
    { cause },
  );
}

/** The rehearsal API has served its purpose; one left behind is named, with the command that removes it. */
async function deleteRehearsalApi(
  apiGateway: ApiGatewayV2Client,
  apiId: string | undefined,
  context: AwsContext,
  out: Output,
): Promise<void> {
  if (!apiId) return;
  try {
    await apiGateway.send(new DeleteApiCommand({ ApiId: apiId }));
    out.line(`  deleted the rehearsal API ${apiId}`);
  } catch (error) {
    out.line(
      `  Could not delete the rehearsal API ${apiId} (${(error as Error).name}: ${(error as Error).message}). ` +
        `Delete it: aws apigatewayv2 delete-api --region ${context.region} --api-id ${apiId}`,
    );
  }
}
