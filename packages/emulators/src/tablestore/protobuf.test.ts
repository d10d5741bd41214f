import { parseTablestoreError } from '@alikit/core';
import { describe, expect, it } from 'vitest';
import { encodeBytesField, encodeErrorMessage, encodeListTableResponse } from './protobuf';

describe('tablestore protobuf encoding', () => {
  it('encodes Error { code, message } as core decodes it', () => {
    const bytes = encodeErrorMessage('OTSObjectNotExist', 'Requested table does not exist.');
    expect(Buffer.from(bytes.subarray(0, 2)).toString('hex')).toBe('0a11');
    const parsed = parseTablestoreError({ status: 404, headers: {}, body: bytes, operation: 'DescribeTable' });
    expect(parsed.code).toBe('OTSObjectNotExist');
    expect(parsed.message).toContain('Requested table does not exist.');
  });

  it('writes multi-byte varint lengths and UTF-8 bytes', () => {
    const long = 'é'.repeat(100);
    const field = encodeBytesField(2, long);
    expect(Array.from(field.subarray(0, 3))).toEqual([0x12, 0xc8, 0x01]);
    expect(Buffer.from(field.subarray(3)).toString('utf8')).toBe(long);
  });

  it('encodes ListTableResponse as repeated field 1', () => {
    expect(Buffer.from(encodeListTableResponse(['a', 'bc'])).toString('hex')).toBe('0a01610a026263');
    expect(encodeListTableResponse([]).byteLength).toBe(0);
  });
});
