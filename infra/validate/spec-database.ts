import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import type { Resource, SpecDatabase } from '@aws-cdk/service-spec-types';

let database: SpecDatabase | undefined;

/**
 * The CloudFormation registry schemas as @aws-cdk/aws-service-spec ships them (a gzipped database
 * of every resource type, its properties, nested types and attributes). Loaded once: ~1 s.
 */
export function specDatabase(): SpecDatabase {
  database ??= loadAwsServiceSpecSync();
  return database;
}

export function resourceSpec(db: SpecDatabase, cloudFormationType: string): Resource | undefined {
  const found = db.lookup('resource', 'cloudFormationType', 'equals', cloudFormationType);
  return found.length === 1 ? found[0] : undefined;
}
