/**
 * The import rehearsal against mocked AWS clients: what it sends API Gateway (the contract resolved for
 * the stage, FailOnWarnings), how it reports the warnings API Gateway answers with (a BadRequestException
 * listing them, as documented in "Errors and warnings from importing your API into API Gateway"; the
 * message's form as moto reproduces it), and that a first deploy stops on them before any stack exists.
 */
import { DeleteApiCommand, ImportApiCommand } from '@aws-sdk/client-apigatewayv2';
import { CreateChangeSetCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { HeadBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DeployArgs } from '../../infra/deploy/args';
import { checkImport, deploy } from '../../infra/deploy/deploy';
import { ImportRehearsalError } from '../../infra/deploy/errors';
import { importWarning, warningsInRefusal } from '../../infra/deploy/import-warnings';
import { capturedOutput } from '../../infra/deploy/output';
import {
  ACCOUNT,
  awsClients,
  fakeArtifacts,
  mockAws,
  REGION,
  REHEARSAL_API_ID,
  STACK_NAME,
  serviceError,
  settledStack,
  stackDoesNotExist,
} from './support/fake-aws';

/** FailOnWarnings refuses with the warnings in the message, each after a newline and a tab. */
function refusedWithWarnings(...warnings: string[]) {
  return serviceError(
    'BadRequestException',
    `Warnings found during import:\n\t${warnings.join('\n\t')}`,
    400,
  );
}

const MISSING_SCHEMA =
  "Parse issue: attribute paths.'/todos'(get).responses.200.content.schema.#/components/schemas/Missing is missing";

describe('the import rehearsal', () => {
  let aws: ReturnType<typeof mockAws>;
  let out: ReturnType<typeof capturedOutput>;

  beforeEach(() => {
    aws = mockAws();
    out = capturedOutput();
  });

  const rehearse = (args: Partial<DeployArgs> = {}) =>
    checkImport({ stage: 'dev', ...args }, { ...awsClients(), out, build: fakeArtifacts });

  /** The document ImportApi received. */
  const importedBody = () =>
    JSON.parse(aws.apigw.commandCalls(ImportApiCommand)[0]?.args[0].input.Body ?? '{}') as Record<
      string,
      unknown
    >;

  it('imports the contract resolved for the stage, with FailOnWarnings, and deletes the API it created', async () => {
    // Prepare
    aws.cfn.on(DescribeStacksCommand).rejects(stackDoesNotExist());

    // Act
    await rehearse({ allowedOrigins: ['https://app.example.com'] });

    // Assess
    expect(aws.apigw.commandCalls(ImportApiCommand)[0]?.args[0].input.FailOnWarnings).toBe(true);
    const body = importedBody();
    expect(JSON.stringify(body)).not.toMatch(/"(Ref|Fn::\w+)"/);
    expect(body['x-amazon-apigateway-cors']).toMatchObject({ allowOrigins: ['https://app.example.com'] });
    const integrations = (
      body.components as { 'x-amazon-apigateway-integrations': Record<string, { uri: string }> }
    )['x-amazon-apigateway-integrations'];
    expect(Object.values(integrations).map((i) => i.uri)).toContain(
      `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:${ACCOUNT}:function:swiftyplanner-dev-todos/invocations`,
    );
    expect(JSON.stringify(body)).toContain(
      `"issuer":"https://cognito-idp.${REGION}.amazonaws.com/${REGION}_`,
    );
    expect((body.servers as { 'x-amazon-apigateway-endpoint-configuration': unknown }[])[0]).toMatchObject({
      'x-amazon-apigateway-endpoint-configuration': { disableExecuteApiEndpoint: false },
    });
    expect(aws.apigw.commandCalls(DeleteApiCommand)[0]?.args[0].input).toEqual({ ApiId: REHEARSAL_API_ID });
    expect(out.lines).toContain(`  imported as API ${REHEARSAL_API_ID} without warnings`);
  });

  it("uses the stack's current parameters for what the options leave out (a custom domain disables the default endpoint)", async () => {
    aws.cfn.on(DescribeStacksCommand).resolves(
      settledStack({
        Parameters: [
          { ParameterKey: 'AllowedOrigins', ParameterValue: 'https://a.example.com,https://b.example.com' },
          { ParameterKey: 'DomainName', ParameterValue: 'api.example.com' },
        ],
      }),
    );

    await rehearse();

    const body = importedBody();
    expect(body['x-amazon-apigateway-cors']).toMatchObject({
      allowOrigins: ['https://a.example.com', 'https://b.example.com'],
    });
    expect((body.servers as { 'x-amazon-apigateway-endpoint-configuration': unknown }[])[0]).toMatchObject({
      'x-amazon-apigateway-endpoint-configuration': { disableExecuteApiEndpoint: true },
    });
  });

  it('prints every warning with its JSON pointer and fails, with nothing left to delete', async () => {
    // Prepare
    aws.cfn.on(DescribeStacksCommand).rejects(stackDoesNotExist());
    aws.apigw
      .on(ImportApiCommand)
      .rejects(
        refusedWithWarnings(MISSING_SCHEMA, 'Unsupported integration type AWS for HTTP API. Ignoring.'),
      );

    // Act
    const attempt = rehearse();

    // Assess
    await expect(attempt).rejects.toThrow(ImportRehearsalError);
    await expect(attempt).rejects.toThrow(/2 warning\(s\).*FailOnWarnings.*roll back/s);
    expect(out.lines).toContain('  2 warning(s):');
    expect(out.lines).toContain(
      `    #/paths/~1todos/get/responses/200/content/application~1json/schema: ${MISSING_SCHEMA}`,
    );
    expect(out.lines).toContain('    #: Unsupported integration type AWS for HTTP API. Ignoring.');
    expect(aws.apigw.commandCalls(DeleteApiCommand)).toHaveLength(0);
  });

  it('fails on warnings in a response too, and still deletes the API the import created', async () => {
    aws.cfn.on(DescribeStacksCommand).rejects(stackDoesNotExist());
    aws.apigw.on(ImportApiCommand).resolves({ ApiId: 'leaky', Warnings: [MISSING_SCHEMA] });

    await expect(rehearse()).rejects.toThrow(ImportRehearsalError);

    expect(aws.apigw.commandCalls(DeleteApiCommand)[0]?.args[0].input).toEqual({ ApiId: 'leaky' });
  });

  it('names a rehearsal API it could not delete, with the command that does', async () => {
    aws.cfn.on(DescribeStacksCommand).rejects(stackDoesNotExist());
    aws.apigw.on(DeleteApiCommand).rejects(serviceError('TooManyRequestsException', 'Rate exceeded', 429));

    await rehearse();

    expect(
      out.lines.some((line) =>
        line.includes(`aws apigatewayv2 delete-api --region ${REGION} --api-id ${REHEARSAL_API_ID}`),
      ),
    ).toBe(true);
  });

  it('lets other failures through as they are (the deployer may not import APIs)', async () => {
    aws.cfn.on(DescribeStacksCommand).rejects(stackDoesNotExist());
    aws.apigw.on(ImportApiCommand).rejects(serviceError('AccessDeniedException', 'not authorized', 403));

    await expect(rehearse()).rejects.toThrow(/not authorized/);
  });
});

describe('npm run deploy and the rehearsal', () => {
  let aws: ReturnType<typeof mockAws>;
  let out: ReturnType<typeof capturedOutput>;

  beforeEach(() => {
    aws = mockAws();
    out = capturedOutput();
    aws.s3.on(HeadBucketCommand).resolves({});
  });

  it('stops a first deploy on an import warning before building, uploading or creating any stack', async () => {
    // Prepare
    aws.cfn.on(DescribeStacksCommand, { StackName: STACK_NAME }).rejects(stackDoesNotExist());
    aws.apigw.on(ImportApiCommand).rejects(refusedWithWarnings(MISSING_SCHEMA));
    let built = false;

    // Act
    const attempt = deploy(
      { stage: 'dev' },
      {
        ...awsClients(),
        out,
        build: async () => {
          built = true;
          return fakeArtifacts();
        },
      },
    );

    // Assess
    await expect(attempt).rejects.toThrow(ImportRehearsalError);
    expect(aws.apigw.commandCalls(ImportApiCommand)).toHaveLength(1);
    expect(built).toBe(false);
    expect(aws.s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(aws.cfn.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  it('does not rehearse when the stage exists already (its Api is imported in place)', async () => {
    aws.cfn.on(DescribeStacksCommand, { StackName: STACK_NAME }).resolves(settledStack());
    aws.cfn.on(CreateChangeSetCommand).rejects(new Error('stop here'));

    await expect(deploy({ stage: 'dev' }, { ...awsClients(), out, build: fakeArtifacts })).rejects.toThrow(
      'stop here',
    );

    expect(aws.apigw.commandCalls(ImportApiCommand)).toHaveLength(0);
  });
});

describe('import warnings', () => {
  const document = {
    paths: {
      '/todos/{todoId}': {
        get: {
          parameters: [{ name: 'limit' }, { name: 'todoId' }],
          responses: { '200': { content: { 'application/json': { schema: {} } } } },
        },
      },
    },
  };

  it.each([
    [
      "attribute paths.'/todos/{todoId}'(get).parameters.[todoId].schema is missing",
      '#/paths/~1todos~1{todoId}/get/parameters/1',
    ],
    [
      "Parse issue: attribute paths.'/todos/{todoId}'(get).responses.200.content.schema.#/components/schemas/X is missing",
      '#/paths/~1todos~1{todoId}/get/responses/200/content/application~1json/schema',
    ],
    ["attribute paths.'/gone'(get) is unexpected", '#/paths'],
    ['Unsupported integration type', '#'],
  ])('%s → %s', (warning, pointer) => {
    expect(importWarning(warning, document).pointer).toBe(pointer);
  });

  it('reads one warning whose explanation follows on its own line (as SAM users reported it)', () => {
    const warnings = warningsInRefusal(
      'Warnings found during import: Parse issue: attribute paths. \n\nResource $default should start with /',
      document,
    );

    expect(warnings).toEqual([
      { pointer: '#/paths', text: 'Parse issue: attribute paths. Resource $default should start with /' },
    ]);
  });

  it('reads nothing from a refusal that is not about warnings', () => {
    expect(warningsInRefusal('Invalid OpenAPI input.', document)).toBeUndefined();
  });
});
