import { createHash, randomUUID } from 'node:crypto';
import type { OutgoingRequest, SignContext } from '../../src/http/http-client';

/** Fixture credentials: obviously fake. */
export const FAKE_KEY_ID = 'LTAI5tExampleKeyId';
export const FAKE_SECRET = 'ExampleSecretDoNotLog0123456789';
export const FAKE_TOKEN = 'CAIS-ExampleSecurityToken-DoNotLog-9f8e7d6c5b4a';

/**
 * A stand-in signer: stamps the date it is given and a fresh nonce, and adds an Authorization
 * header and a token header (the secrets the logging tests look for). Records every call.
 */
export function testSigner(options: { token?: () => string } = {}) {
  const calls: SignContext[] = [];
  const sign = (request: OutgoingRequest, context: SignContext): OutgoingRequest => {
    calls.push(context);
    const date = context.now.toISOString();
    const nonce = randomUUID();
    const signature = createHash('sha256')
      .update(`${FAKE_SECRET}\n${request.method}\n${date}\n${nonce}`)
      .digest('base64');
    return {
      ...request,
      headers: {
        ...request.headers,
        'x-test-date': date,
        'x-test-nonce': nonce,
        authorization: `TEST ${FAKE_KEY_ID}:${signature}`,
        'x-acs-security-token': options.token?.() ?? FAKE_TOKEN,
      },
    };
  };
  return { sign, calls };
}

/** A sleep that does not wait, recording what it was asked for. */
export function fakeSleep() {
  const delays: number[] = [];
  const sleep = async (ms: number) => {
    delays.push(ms);
  };
  return { sleep, delays };
}
