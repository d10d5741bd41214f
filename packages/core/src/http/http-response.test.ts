import { describe, expect, it } from 'vitest';
import { isSdkError } from '../errors/sdk-error';
import { createHttpResponse } from './http-response';

const utf8 = new TextEncoder();

function response(headers: Record<string, string>, body: string) {
  return createHttpResponse({
    service: 'sts',
    operation: 'AssumeRole',
    status: 200,
    headers: new Headers(headers),
    body: utf8.encode(body),
    attempts: 1,
  });
}

describe('createHttpResponse', () => {
  it('decodes text and JSON', () => {
    const res = response({ 'content-type': 'application/json' }, '{"a":"é"}');
    expect(res.text()).toBe('{"a":"é"}');
    expect(res.json<{ a: string }>().a).toBe('é');
  });

  it('takes the request id from the headers first, else the body', () => {
    expect(
      response({ 'x-acs-request-id': 'H1', 'content-type': 'application/json' }, '{"RequestId":"B1"}').requestId,
    ).toBe('H1');
    expect(response({ 'content-type': 'application/json;charset=utf-8' }, '{"RequestId":"B1"}').requestId).toBe('B1');
    expect(response({ 'content-type': 'application/xml' }, '<R><RequestId> X1 </RequestId></R>').requestId).toBe('X1');
    expect(response({ 'content-type': 'text/plain' }, 'RequestId: nope').requestId).toBeUndefined();
  });

  it('throws ERR_PARSE for a body that is not JSON', () => {
    const res = response({ 'x-acs-request-id': 'H1' }, '<html>');
    try {
      res.json();
      expect.unreachable();
    } catch (error) {
      expect(isSdkError(error) && error.code).toBe('ERR_PARSE');
      expect(isSdkError(error) && error.requestId).toBe('H1');
    }
  });
});
