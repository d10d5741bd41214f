import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogGroup } from './log-group';
import {
  decodeLogGroup,
  decodeLogGroupList,
  encodeLogGroup,
  encodeLogGroupList,
  logEncodedSize,
  logGroupEncodedSize,
} from './log-group-codec';
import { SlsProtocolError } from './protocol-error';

// spec/sls.md §3: the 60-byte LogGroup `@alicloud/log` produced for this input.
const VECTOR_GROUP: LogGroup = {
  logs: [
    {
      time: 1700000000,
      contents: [
        ['msg', 'hi'],
        ['level', 'INFO'],
      ],
    },
  ],
  topic: 't',
  source: '10.0.0.1',
  logTags: [['env', 'test']],
};
const VECTOR_HEX =
  '0a20' +
  '0880e2cfaa06' +
  '12090a036d73671202686' +
  '9' +
  '120d0a056c6576656c1204494e464f' +
  '1a0174' +
  '220831302e302e302e31' +
  '320b0a03656e7612047465737' +
  '4';

const pair = fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 40 })) as fc.Arbitrary<[string, string]>;
const logArb = fc.record(
  {
    time: fc.integer({ min: 0, max: 0xffff_ffff }),
    timeNs: fc.integer({ min: 0, max: 999_999_999 }),
    contents: fc.array(pair, { maxLength: 6 }),
  },
  { requiredKeys: ['time', 'contents'] },
);
const groupArb: fc.Arbitrary<LogGroup> = fc.record(
  {
    logs: fc.array(logArb, { maxLength: 5 }),
    topic: fc.string({ maxLength: 10 }),
    source: fc.string({ maxLength: 10 }),
    logTags: fc.array(pair, { minLength: 1, maxLength: 3 }),
    category: fc.string({ maxLength: 5 }),
    machineUuid: fc.string({ maxLength: 5 }),
  },
  { requiredKeys: ['logs'] },
);

// Lone surrogates cannot survive UTF-8; compare what the wire can carry.
function wellFormed(group: LogGroup): LogGroup {
  const fix = (s: string) => Buffer.from(s, 'utf8').toString('utf8');
  return {
    ...group,
    logs: group.logs.map((l) => ({ ...l, contents: l.contents.map(([k, v]) => [fix(k), fix(v)]) })),
    ...(group.topic === undefined ? {} : { topic: fix(group.topic) }),
    ...(group.source === undefined ? {} : { source: fix(group.source) }),
    ...(group.category === undefined ? {} : { category: fix(group.category) }),
    ...(group.machineUuid === undefined ? {} : { machineUuid: fix(group.machineUuid) }),
    ...(group.logTags === undefined ? {} : { logTags: group.logTags.map(([k, v]) => [fix(k), fix(v)]) }),
  };
}

describe('LogGroup protobuf codec', () => {
  it('encodes the spec vector byte for byte (and its MD5)', () => {
    const bytes = encodeLogGroup(VECTOR_GROUP);
    expect(bytes.toString('hex')).toBe(VECTOR_HEX);
    expect(bytes.length).toBe(60);
    expect(createHash('md5').update(bytes).digest('hex').toUpperCase()).toBe('652E2F566E71264EBF8A0A1EB3C16644');
    expect(logGroupEncodedSize(VECTOR_GROUP)).toBe(60);
    expect(logEncodedSize(VECTOR_GROUP.logs[0] as never)).toBe(34);
  });

  it('decodes the spec vector', () => {
    expect(decodeLogGroup(Buffer.from(VECTOR_HEX, 'hex'))).toEqual(VECTOR_GROUP);
  });

  it('writes TimeNs as fixed32 field 4', () => {
    const bytes = encodeLogGroup({ logs: [{ time: 1, timeNs: 0x01020304, contents: [] }] });
    expect(bytes.toString('hex')).toBe('0a07080125' + '04030201');
    expect(decodeLogGroup(bytes).logs[0]).toEqual({ time: 1, timeNs: 0x01020304, contents: [] });
  });

  it('round-trips any LogGroup, and sizes it exactly', () => {
    fc.assert(
      fc.property(groupArb, (group) => {
        const bytes = encodeLogGroup(group);
        expect(bytes.length).toBe(logGroupEncodedSize(group));
        expect(decodeLogGroup(bytes)).toEqual(wellFormed(group));
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips a LogGroupList', () => {
    fc.assert(
      fc.property(fc.array(groupArb, { maxLength: 4 }), (groups) => {
        expect(decodeLogGroupList(encodeLogGroupList(groups))).toEqual(groups.map(wellFormed));
      }),
      { numRuns: 200 },
    );
  });

  it('skips unknown fields of every wire type', () => {
    const known = encodeLogGroup(VECTOR_GROUP);
    // field 9 varint, field 10 fixed64, field 11 bytes, field 12 fixed32
    const unknown = Buffer.from('48ff01' + '51' + '00'.repeat(8) + '5a03616263' + '65' + '00'.repeat(4), 'hex');
    expect(decodeLogGroup(Buffer.concat([unknown, known]))).toEqual(VECTOR_GROUP);
  });

  it('accepts a plain Uint8Array', () => {
    const bytes = new Uint8Array(encodeLogGroup(VECTOR_GROUP));
    expect(decodeLogGroup(bytes)).toEqual(VECTOR_GROUP);
  });

  it('rejects malformed protobuf with PostBodyInvalid', () => {
    const bad = [
      '0a20', // length past the end
      '0a02' + '1200', // Log without Time
      '0a05' + '0801' + '1201', // content length past its parent
      '0a06' + '0801' + '12020a00', // Content without Value
      'ff', // truncated varint
      '0f', // wire type 7
    ];
    for (const hex of bad) {
      const error = (() => {
        try {
          decodeLogGroup(Buffer.from(hex, 'hex'));
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error, hex).toBeInstanceOf(SlsProtocolError);
      expect((error as SlsProtocolError).code).toBe('PostBodyInvalid');
    }
  });

  it('rejects invalid UTF-8 only when asked', () => {
    const bytes = Buffer.from('0a090801' + '12050a01ff1200', 'hex');
    expect(decodeLogGroup(bytes).logs[0]?.contents).toEqual([['\ufffd', '']]);
    expect(() => decodeLogGroup(bytes, { validateUtf8: true })).toThrow(
      expect.objectContaining({ code: 'InvalidEncoding' }),
    );
  });

  it('throws TypeError / RangeError for wrong input before encoding', () => {
    expect(() => encodeLogGroup({ logs: [{ time: -1, contents: [] }] })).toThrow(RangeError);
    expect(() => encodeLogGroup({ logs: [{ time: 1.5, contents: [] }] })).toThrow(RangeError);
    expect(() => encodeLogGroup({ logs: [{ time: 2 ** 32, contents: [] }] })).toThrow(RangeError);
    expect(() => encodeLogGroup({ logs: [{ time: 1, timeNs: 1e9, contents: [] }] })).toThrow(RangeError);
    expect(() => encodeLogGroup({ logs: [{ time: 1, contents: [['k', 1 as never]] }] })).toThrow(
      /logs\[0\]\.contents\[0\]/,
    );
    expect(() => encodeLogGroup({ logs: 'x' as never })).toThrow(TypeError);
    expect(() => encodeLogGroup({ logs: [], topic: 5 as never })).toThrow(TypeError);
  });
});
