import { describe, expect, it } from 'vitest';
import { capturedOutput } from '../../infra/deploy/output';
import { failuresOf, followStackOperation, formatEvent } from '../../infra/deploy/stack-events';
import {
  awsClients,
  mockAws,
  STACK_ID,
  STACK_NAME,
  scriptStackOperation,
  stackEvent,
} from './support/fake-aws';

const TOKEN = 'deploy-swiftyplanner-dev-20300101120000';
const since = new Date(Date.UTC(2029, 11, 31));

describe('followStackOperation', () => {
  it('prints each event of the operation once, oldest first, as the polls reveal them', async () => {
    // Prepare
    const aws = mockAws();
    const out = capturedOutput();
    const history = [
      stackEvent(STACK_NAME, 'UPDATE_COMPLETE', {
        token: 'an-earlier-deploy',
        at: new Date(Date.UTC(2029, 0, 1)),
      }),
    ];
    const steps = [
      {
        events: [
          stackEvent(STACK_NAME, 'UPDATE_IN_PROGRESS', { token: TOKEN, reason: 'User Initiated' }),
          stackEvent('UsersFunction', 'UPDATE_IN_PROGRESS', { token: TOKEN }),
          stackEvent('TodosFunction', 'UPDATE_IN_PROGRESS', { token: TOKEN }),
        ],
        status: 'UPDATE_IN_PROGRESS',
      },
      { events: [], status: 'UPDATE_IN_PROGRESS' },
      {
        events: [
          stackEvent('UsersFunction', 'UPDATE_COMPLETE', { token: TOKEN }),
          stackEvent('TodosFunction', 'UPDATE_COMPLETE', { token: TOKEN }),
          stackEvent(STACK_NAME, 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', { token: TOKEN }),
        ],
        status: 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      },
      { events: [stackEvent(STACK_NAME, 'UPDATE_COMPLETE', { token: TOKEN })], status: 'UPDATE_COMPLETE' },
    ];
    scriptStackOperation(aws.cfn, steps, { history, pageSize: 2 });
    let sleeps = 0;

    // Act
    const outcome = await followStackOperation(awsClients().cloudFormation, {
      stackId: STACK_ID,
      clientRequestToken: TOKEN,
      since,
      out,
      sleep: async () => {
        sleeps += 1;
      },
      pollMs: 0,
    });

    // Assess
    const expected = steps.flatMap((s) => s.events);
    expect(outcome.status).toBe('UPDATE_COMPLETE');
    expect(outcome.events.map((e) => e.EventId)).toEqual(expected.map((e) => e.EventId));
    expect(out.lines).toEqual(expected.map(formatEvent));
    expect(out.lines.join('\n')).not.toContain('an-earlier-deploy');
    expect(sleeps).toBe(3);
  });

  it('formats an event as time, status, type, logical id and reason', () => {
    // Prepare
    const event = stackEvent('Table', 'CREATE_FAILED', {
      type: 'AWS::DynamoDB::Table',
      reason: 'swiftyplanner-dev already exists',
      at: new Date(Date.UTC(2030, 0, 1, 9, 8, 7)),
    });

    // Act
    const line = formatEvent(event);

    // Assess
    expect(line).toMatch(
      /^ {2}09:08:07 {2}CREATE_FAILED +AWS::DynamoDB::Table +Table {2}swiftyplanner-dev already exists$/,
    );
  });
});

describe('failuresOf', () => {
  it('names the stack itself when no resource failed (a template or transform error)', () => {
    // Prepare
    const events = [
      stackEvent(STACK_NAME, 'UPDATE_ROLLBACK_IN_PROGRESS', { reason: 'ignored' }),
      stackEvent(STACK_NAME, 'UPDATE_FAILED', {
        reason: 'Template format error: Unresolved resource dependencies',
      }),
    ];

    // Act
    const failures = failuresOf(events);

    // Assess
    expect(failures).toEqual([
      {
        logicalId: STACK_NAME,
        type: 'AWS::CloudFormation::Stack',
        reason: 'Template format error: Unresolved resource dependencies',
      },
    ]);
  });
});
