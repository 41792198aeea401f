/** An operation's typed result → the payload-v2 structured response (JSON body, or none for 204). */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export interface ResultLike {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export function responseOf(result: ResultLike): APIGatewayProxyStructuredResultV2 {
  if (result.status === 204 || result.body === undefined) {
    return { statusCode: result.status, headers: { ...result.headers } };
  }
  return {
    statusCode: result.status,
    headers: { ...result.headers, 'content-type': 'application/json' },
    body: JSON.stringify(result.body),
  };
}
