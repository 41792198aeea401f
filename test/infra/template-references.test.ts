// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these are CloudFormation Fn::Sub strings, not JS templates
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type CfnTemplate, loadTemplate } from '../../infra/template/template';
import {
  includedDocumentReferenceProblems,
  templateReferenceProblems,
} from '../../infra/validate/references';
import { specDatabase } from '../../infra/validate/spec-database';
import { formatProblems } from '../../infra/validate/template-problem';
import { checkGatewayRules } from '../../openapi/rules/gateway-rules.js';
import { CONTRACT_PATH } from '../../paths';
import { props, templateWith } from './support/template-edits';

const contract = () => parse(readFileSync(CONTRACT_PATH, 'utf8')) as Record<string, unknown>;

describe('references in infra/template.yaml', () => {
  beforeAll(() => {
    specDatabase();
  });

  it('name parameters, resources, attributes and conditions that exist', () => {
    expect(formatProblems(templateReferenceProblems(loadTemplate(), specDatabase()))).toBe('');
  });

  it.each([
    [
      'a Ref to nothing',
      (t: CfnTemplate) =>
        Object.assign(props(t, 'UsersFunction', 'Environment', 'Variables'), { X: { Ref: 'Tabel' } }),
      /Tabel is not a parameter, resource or pseudo parameter/,
    ],
    [
      'an attribute the type does not have',
      (t: CfnTemplate) =>
        Object.assign(props(t, 'UsersFunction'), {
          Role: { 'Fn::GetAtt': ['UsersFunctionRole', 'RoleArn'] },
        }),
      /AWS::IAM::Role has no attribute RoleArn \(it has Arn, RoleId\)/,
    ],
    [
      'a ${Res.Attr} the type does not have',
      (t: CfnTemplate) =>
        Object.assign(props(t, 'ApiStage', 'AccessLogSettings'), {
          DestinationArn: { 'Fn::Sub': '${ApiAccessLogGroup.Name}' },
        }),
      /AWS::Logs::LogGroup has no attribute Name/,
    ],
    [
      'an unknown condition',
      (t: CfnTemplate) => Object.assign(t.Resources.ApiMapping ?? {}, { Condition: 'HasDomain' }),
      /no condition named HasDomain/,
    ],
    [
      'a DependsOn to nothing',
      (t: CfnTemplate) => Object.assign(t.Resources.ApiStage ?? {}, { DependsOn: ['Apii'] }),
      /DependsOn names no resource Apii/,
    ],
    [
      'a conditional resource used unconditionally',
      (t: CfnTemplate) => Object.assign(t.Outputs?.UserPoolId ?? {}, { Value: { Ref: 'ApiDomainName' } }),
      /ApiDomainName exists only when HasCustomDomain is true/,
    ],
    [
      'a resource where only parameters resolve (the Include location)',
      (t: CfnTemplate) =>
        Object.assign(props(t, 'Api', 'Body', 'Fn::Transform', 'Parameters'), {
          Location: { 'Fn::Sub': 's3://${Bucket}/openapi.yaml' },
        }),
      /Bucket is a resource; only parameters can be used here/,
    ],
  ])('catches %s', (_name, change, message) => {
    expect(formatProblems(templateReferenceProblems(templateWith(change), specDatabase()))).toMatch(message);
  });
});

describe('the contract that the Api includes (openapi/openapi.yaml)', () => {
  it('refers only to what the template declares: functions, user pool, client, AllowedOrigins', () => {
    // Act
    const problems = includedDocumentReferenceProblems(
      contract(),
      loadTemplate(),
      specDatabase(),
      'openapi.yaml',
    );

    // Assess
    expect(formatProblems(problems)).toBe('');
  });

  it('would be caught referring to a function the template does not declare', () => {
    // Prepare
    const document = contract();
    const integrations = (document.components as Record<string, Record<string, Record<string, unknown>>>)[
      'x-amazon-apigateway-integrations'
    ];
    Object.assign(integrations?.usersFunction ?? {}, {
      uri: {
        'Fn::Sub':
          'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${ProfilesFunction.Arn}/invocations',
      },
    });

    // Act
    const problems = includedDocumentReferenceProblems(
      document,
      loadTemplate(),
      specDatabase(),
      'openapi.yaml',
    );

    // Assess
    expect(formatProblems(problems)).toMatch(/Fn::GetAtt names no resource ProfilesFunction/);
  });

  it('passes the gateway rules of the contract issue (what HTTP API import needs)', () => {
    expect(checkGatewayRules(contract())).toEqual([]);
  });

  it('is what the Api imports, through AWS::Include of the uploaded copy, failing on import warnings', () => {
    // Prepare
    const api = props(loadTemplate(), 'Api');

    // Assess
    expect(api.Body).toEqual({
      'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: { Ref: 'ContractLocation' } } },
    });
    expect(api.FailOnWarnings).toBe(true);
  });
});
