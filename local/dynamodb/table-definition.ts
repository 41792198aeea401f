import { readFileSync } from 'node:fs';
import type { CreateTableCommandInput, StreamViewType } from '@aws-sdk/client-dynamodb';
import { parse } from 'yaml';
import { TEMPLATE_PATH } from '../../paths';

/**
 * The table's keys, indexes and stream are defined once, in infra/template.yaml. The tests and the
 * local stack create their tables from that same resource, so they cannot drift from what is deployed.
 */
interface TableResource {
  Type: string;
  Properties: Record<string, unknown> & {
    TimeToLiveSpecification?: { AttributeName: string };
    StreamSpecification?: { StreamViewType: StreamViewType };
  };
}

export interface TableDefinition {
  create: CreateTableCommandInput;
  /** The attribute DynamoDB's TTL reads (epoch seconds). */
  ttlAttribute: string | undefined;
  /** What the table's stream records carry; undefined for a table without a stream. */
  streamViewType: StreamViewType | undefined;
}

export function loadTableDefinition(tableName: string, templatePath = TEMPLATE_PATH): TableDefinition {
  const template = parse(readFileSync(templatePath, 'utf8')) as { Resources: Record<string, TableResource> };
  const table = Object.values(template.Resources).find((r) => r.Type === 'AWS::DynamoDB::Table');
  if (!table) throw new Error(`No AWS::DynamoDB::Table in ${templatePath}`);
  const p = table.Properties;
  // CloudFormation's StreamSpecification names only the view type; the API also wants StreamEnabled.
  const streamViewType = p.StreamSpecification?.StreamViewType;
  return {
    create: {
      TableName: tableName,
      BillingMode: p.BillingMode as CreateTableCommandInput['BillingMode'],
      AttributeDefinitions: p.AttributeDefinitions as CreateTableCommandInput['AttributeDefinitions'],
      KeySchema: p.KeySchema as CreateTableCommandInput['KeySchema'],
      GlobalSecondaryIndexes: p.GlobalSecondaryIndexes as CreateTableCommandInput['GlobalSecondaryIndexes'],
      ...(streamViewType
        ? { StreamSpecification: { StreamEnabled: true, StreamViewType: streamViewType } }
        : {}),
    },
    ttlAttribute: p.TimeToLiveSpecification?.AttributeName,
    streamViewType,
  };
}
