/**
 * The list prices the cost estimate uses: US East (N. Virginia), on-demand, without free tier, in USD.
 * Re-checked 2026-11-27 on a machine without network access, against stored copies of public pages
 * (not the live AWS pages). The stored AWS pricing pages render their rate tables client-side and
 * show no rates, so each `checked` says what backs the value instead. The DynamoDB and CloudWatch
 * Logs rates were not re-verified against an AWS source. Re-read the `source` pages before quoting.
 */
export const prices = {
  asOf: '2026-11-27, DynamoDB and Logs rates not re-verified',
  region: 'us-east-1',
  httpApi: {
    perMillionRequests: 1.0,
    note: 'first 300 million requests a month; requests are metered in 512 KB increments',
    source: 'https://aws.amazon.com/api-gateway/pricing/',
    checked:
      '2026-11-27: matches the AWS whitepaper page https://docs.aws.amazon.com/pt_br/whitepapers/latest/best-practices-api-gateway-private-apis-integration/cost-optimization.html (published 2022-08-26: us-east-1 HTTP APIs, first 300 million $1.00 per million) and a third-party transcription of the source page worked example, read 2026-09-20',
  },
  lambdaArm64: {
    perMillionRequests: 0.2,
    perGbSecond: 0.0000133334,
    note: 'Arm price, first 7.5 billion GB-seconds a month; duration is billed per 1 ms, rounded up',
    source: 'https://aws.amazon.com/lambda/pricing/',
    checked:
      '2026-11-27: $0.20 per million requests matches an older stored copy of the source page; the GB-second rate is 80% of the x86 rate (Arm duration 20% lower: https://aws.amazon.com/blogs/aws/aws-lambda-functions-powered-by-aws-graviton2-processor-run-your-functions-on-arm-and-get-up-to-34-better-price-performance/, 2021-09-29) and matches third-party reads of the AWS Price List; 7.5 billion tier: https://aws.amazon.com/blogs/compute/introducing-tiered-pricing-for-aws-lambda/ (undated in the stored copy)',
  },
  dynamodbOnDemand: {
    perMillionWriteRequestUnits: 0.625,
    perMillionReadRequestUnits: 0.125,
    note: 'Standard table class, after the November 2024 on-demand price reduction (50%). Not re-verified against an AWS source: the stored source page shows no rates and the AWS announcement was not found',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
    checked:
      '2026-11-27: no AWS source with rates found; agrees with third-party https://airbyte.com/data-engineering-resources/dynamodb-pricing (2025-07-21) and is half the pre-reduction $1.25 / $0.25',
  },
  cloudwatchLogs: {
    perGbIngested: 0.5,
    note: 'Standard class ingestion (Lambda logs are vended logs: first 10 TB a month at this rate). Not re-verified against an AWS source: the stored source page shows no rates and the May 2025 AWS post on Lambda log tiers was not found',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    checked:
      '2026-11-27: no AWS source with rates found; agrees with third-party https://www.duckbillgroup.com/?p=9080 (on the 2025-05-01 change: first Lambda log tier $0.50 per GB in us-east-1) and https://c3x.dev/blog/cloudwatch-logs-cost-optimization (us-east-1, June 2026: $0.50 per GB)',
  },
} as const;

/**
 * Log bytes per request besides the function's own request line (measured by the warm benchmark) and
 * the gateway's access log line (estimated from its Format in infra/template.yaml): Lambda's
 * platform.start and platform.report records in the JSON log format the template selects. An estimate.
 */
export const estimatedLambdaPlatformLogBytes = 400;
