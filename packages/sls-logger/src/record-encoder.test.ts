import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeLogGroup, type LogGroup } from './protocol';
import { groupTrailerSize, RecordEncoder, writeGroupTrailer } from './record-encoder';

const text = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 200 }));
const pairs = fc.array(fc.tuple(text, text), { maxLength: 6 });

describe('RecordEncoder', () => {
  it('writes records and trailer byte-for-byte as encodeLogGroup does', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ time: fc.nat({ max: 2 ** 32 - 1 }), timeNs: fc.nat({ max: 999_999_999 }), contents: pairs }),
          { minLength: 1, maxLength: 5 },
        ),
        fc.option(text, { nil: undefined }),
        fc.option(text, { nil: undefined }),
        pairs,
        (logs, topic, source, tags) => {
          const encoder = new RecordEncoder();
          const buf = Buffer.alloc(64 * 1024);
          let pos = 0;
          for (const log of logs) {
            const size = encoder.measure(log.time, log.contents);
            const end = encoder.write(buf, pos, log.time, log.timeNs, log.contents);
            expect(end - pos).toBe(size);
            pos = end;
          }
          const trailer = { topic, source, tags };
          const end = writeGroupTrailer(buf, pos, trailer);
          expect(end - pos).toBe(groupTrailerSize(trailer));
          const group: LogGroup = { logs, logTags: tags };
          if (topic !== undefined) group.topic = topic;
          if (source !== undefined) group.source = source;
          expect(buf.subarray(0, end).equals(encodeLogGroup(group))).toBe(true);
        },
      ),
      { numRuns: 250 },
    );
  });

  it('names a value over the 1 MB limit', () => {
    const encoder = new RecordEncoder();
    expect(() => encoder.measure(1, [['big', 'é'.repeat(600 * 1024)]])).toThrow(
      /field "big" is 1228800 bytes; SLS accepts at most 1048576/,
    );
  });
});
