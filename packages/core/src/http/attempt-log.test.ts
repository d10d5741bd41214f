import { describe, expect, it } from 'vitest';
import { createSdkError, sdkErrorCodes } from '../errors/codes';
import { SdkError } from '../errors/sdk-error';
import type { Logger } from '../logging/logger';
import { describeFailedAttempt, logAttempt } from './attempt-log';

const throttled = new SdkError({
  code: 'Throttling.User',
  service: 'ecs',
  operation: 'DescribeRegions',
  status: 400,
  requestId: 'REQ-1',
  retryable: true,
  serviceMessage: 'Request was denied due to user flow control.',
});

describe('describeFailedAttempt', () => {
  it('summarises a service error and what happens next', () => {
    const data: Record<string, unknown> = {};
    expect(
      describeFailedAttempt({ kind: 'service-error', error: throttled }, { action: 'retry', delayMs: 40 }, data),
    ).toBe('400 Throttling.User, retrying in 40 ms');
    // A service's message stays out of the log record; only transport messages are added.
    expect(data).toEqual({ status: 400, requestId: 'REQ-1', code: 'Throttling.User', retryable: true, delayMs: 40 });
    expect(describeFailedAttempt({ kind: 'service-error', error: throttled }, { action: 'throw' }, {})).toBe(
      '400 Throttling.User',
    );
    expect(
      describeFailedAttempt({ kind: 'service-error', error: throttled }, { action: 'correct-clock', offsetMs: 5 }, {}),
    ).toBe('400 Throttling.User, retrying with the server clock');
    expect(describeFailedAttempt({ kind: 'service-error', error: throttled }, { action: 'refresh-token' }, {})).toBe(
      '400 Throttling.User, refreshing credentials',
    );
  });

  it('summarises a transport error by its code, with its message', () => {
    const error = createSdkError(sdkErrorCodes.ERR_NETWORK, {
      service: 'sts',
      operation: 'AssumeRole',
      reason: 'connection reset',
    });
    const data: Record<string, unknown> = {};
    expect(describeFailedAttempt({ kind: 'transport-error', error }, undefined, data)).toBe('ERR_NETWORK');
    expect(data).toMatchObject({ status: undefined, code: 'ERR_NETWORK', retryable: true, message: error.message });
  });
});

describe('logAttempt', () => {
  it('writes one redacted debug line', () => {
    const lines: Array<[string, unknown]> = [];
    const logger: Logger = {
      debug: (message, data) => lines.push([message, data]),
      info: () => {},
      warn: () => {},
      error: () => {},
    };
    logAttempt(
      logger,
      { service: 'sts', operation: 'AssumeRole', attempt: 2, summary: '200', durationMs: 12 },
      { status: 200, accessKeySecret: 'ExampleSecret' },
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]?.[0]).toBe('sts AssumeRole attempt 2: 200 in 12 ms');
    expect(JSON.stringify(lines[0]?.[1])).not.toContain('ExampleSecret');
  });
});
