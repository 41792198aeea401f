/**
 * The list prices the cost estimate uses: US East (N. Virginia), on-demand, without free tier, in USD.
 * Kept in one place with where they come from; re-check them against the pages below before quoting
 * the estimate (this file was written on a machine without network access to re-read them).
 */
export const prices = {
  asOf: '2025-01',
  region: 'us-east-1',
  httpApi: {
    perMillionRequests: 1.0,
    note: 'first 300 million requests a month; requests are metered in 512 KB increments',
    source: 'https://aws.amazon.com/api-gateway/pricing/',
  },
  lambdaArm64: {
    perMillionRequests: 0.2,
    perGbSecond: 0.0000133334,
    note: 'Arm price, first 7.5 billion GB-seconds a month; duration is billed per 1 ms, rounded up',
    source: 'https://aws.amazon.com/lambda/pricing/',
  },
  dynamodbOnDemand: {
    perMillionWriteRequestUnits: 0.625,
    perMillionReadRequestUnits: 0.125,
    note: 'Standard table class, after the November 2024 on-demand price reduction',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  },
  cloudwatchLogs: {
    perGbIngested: 0.5,
    note: 'Standard class ingestion (Lambda logs are vended logs: first 10 TB a month at this rate)',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
  },
} as const;

/**
 * Log bytes per request besides the function's own request line (measured by the warm benchmark) and
 * the gateway's access log line (estimated from its Format in infra/template.yaml): Lambda's
 * platform.start and platform.report records in the JSON log format the template selects. An estimate.
 */
export const estimatedLambdaPlatformLogBytes = 400;
