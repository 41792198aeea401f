/**
 * Regenerates test/infra/fixtures/cloudformation-handler-permissions.json from the CloudFormation
 * registry schemas of every resource type in infra/template.yaml and infra/pipeline.yaml:
 *
 *   npx tsx infra/scripts/handler-permissions.ts --from-aws [--region eu-west-1]
 *       (cloudformation:DescribeType for each type, with your AWS credentials)
 *   npx tsx infra/scripts/handler-permissions.ts --schemas <dir>
 *       (a folder of schema files named like aws-events-rule.json, e.g. the unzipped
 *        https://schema.cloudformation.us-east-1.amazonaws.com/CloudformationSchema.zip)
 *
 * Each type's `notCalledHere` is kept; then run `npx vitest run test/infra/deployer-policy.test.ts`,
 * which names every permission the deployer policies now lack.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CloudFormationClient, DescribeTypeCommand } from '@aws-sdk/client-cloudformation';
import { PIPELINE_PATH, PROJECT_ROOT, TEMPLATE_PATH } from '../../paths';
import { loadTemplate } from '../template/template';
import { type HandlerPermissionsFixture, withSchemas } from '../validate/handler-permissions';

const FIXTURE = join(PROJECT_ROOT, 'test', 'infra', 'fixtures', 'cloudformation-handler-permissions.json');

const { values } = parseArgs({
  options: {
    'from-aws': { type: 'boolean' },
    schemas: { type: 'string' },
    region: { type: 'string' },
  },
});
if (!values['from-aws'] && !values.schemas) {
  console.error('Give --from-aws (uses your AWS credentials) or --schemas <folder of registry schemas>.');
  process.exit(2);
}

const types = [
  ...new Set(
    [TEMPLATE_PATH, PIPELINE_PATH].flatMap((path) =>
      Object.values(loadTemplate(path).Resources).map((r) => r.Type),
    ),
  ),
].sort();

const schemas: { schema: unknown; source: string }[] = [];
if (values['from-aws']) {
  const cfn = new CloudFormationClient(values.region ? { region: values.region } : {});
  const region = await cfn.config.region();
  for (const typeName of types) {
    const described = await cfn.send(new DescribeTypeCommand({ Type: 'RESOURCE', TypeName: typeName }));
    schemas.push({
      schema: JSON.parse(described.Schema ?? '{}'),
      source: `cloudformation:DescribeType ${typeName} in ${region} (version ${described.DefaultVersionId ?? '?'}, last updated ${described.LastUpdated?.toISOString() ?? '?'})`,
    });
    console.log(`read ${typeName}`);
  }
  cfn.destroy();
} else {
  const folder = values.schemas as string;
  for (const typeName of types) {
    const file = `${typeName.toLowerCase().replace(/::/g, '-')}.json`;
    schemas.push({
      schema: JSON.parse(await readFile(join(folder, file), 'utf8')),
      source: `CloudFormation registry schema ${file}`,
    });
    console.log(`read ${file}`);
  }
}

const fixture = JSON.parse(await readFile(FIXTURE, 'utf8')) as HandlerPermissionsFixture;
const today = new Date().toISOString().slice(0, 10);
await writeFile(FIXTURE, `${JSON.stringify(withSchemas(fixture, schemas, today), null, 2)}\n`);
console.log(
  `Wrote ${FIXTURE} (${types.length} types, retrieved ${today}). Update its "//" notes on the origin, run ` +
    '`npx biome format --write` on it, then `npx vitest run test/infra/deployer-policy.test.ts`.',
);
