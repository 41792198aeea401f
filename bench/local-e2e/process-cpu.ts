/**
 * CPU time of other processes, from /proc (Linux): the end-to-end benchmark divides what the local
 * stack, DynamoDB Local and the load generator each spent by the requests served, so a throughput
 * gap can be traced to the process that pays for it. Elsewhere it reports nothing.
 */
import { readFileSync } from 'node:fs';

/** Linux reports utime and stime in clock ticks of 1/100 s on every common configuration. */
const CLOCK_TICKS_PER_SECOND = 100;

/** User + system CPU milliseconds the process has used, or undefined when it cannot be read. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at "state"; utime and stime are
    // fields 14 and 15 of the whole line, so 12 and 13 after it.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** This process's CPU milliseconds (the load generator's side). */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export interface CpuSnapshot {
  stack?: number;
  dynamodb?: number;
  client: number;
}

export function cpuSnapshot(stackPid: number | undefined, dynamodbPid: number | undefined): CpuSnapshot {
  const stack = processCpuMs(stackPid);
  const dynamodb = processCpuMs(dynamodbPid);
  return {
    ...(stack === undefined ? {} : { stack }),
    ...(dynamodb === undefined ? {} : { dynamodb }),
    client: ownCpuMs(),
  };
}
