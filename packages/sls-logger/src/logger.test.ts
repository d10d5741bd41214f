import { describe, expect, it } from 'vitest';
import { createSlsLogger } from './logger';

const base = {
  project: 'my-project',
  logstore: 'app',
  endpoint: 'http://127.0.0.1:9',
  credentials: { accessKeyId: 'AKID', accessKeySecret: 'SECRET', source: 'static' },
  flushOnExit: false,
} as const;

describe('createSlsLogger options', () => {
  it('names the wrong option before any I/O', () => {
    expect(() => createSlsLogger({ ...base, logstore: '' })).toThrow(/logstore/);
    expect(() => createSlsLogger({ ...base, project: 'Bad_Name' })).toThrow(/project/);
    expect(() => createSlsLogger({ ...base, endpoint: undefined })).toThrow(/region or endpoint/);
    expect(() => createSlsLogger({ ...base, endpoint: 'http://logs.example.com' })).toThrow(RangeError);
    expect(() => createSlsLogger({ ...base, batch: { maxCount: 5000 } })).toThrow(/batch.maxCount/);
    expect(() => createSlsLogger({ ...base, compression: 'zip' as never })).toThrow(/compression/);
    expect(() => createSlsLogger({ ...base, onBufferFull: 'wait' as never })).toThrow(/onBufferFull/);
    expect(() => createSlsLogger({ ...base, maxBufferBytes: 0 })).toThrow(/maxBufferBytes/);
  });
});

describe('bad input', () => {
  it('rejects a value over the 1 MB PutLogs limit with a clear RangeError', async () => {
    const logger = createSlsLogger(base);
    const big = 'x'.repeat(1024 * 1024 + 1);
    expect(() => logger.send({ big })).toThrow(/field "big" is 1048577 bytes; SLS accepts at most 1048576/);
    expect(() => logger.info('m', { big })).toThrow(RangeError);
    expect(logger.stats().queuedRecords).toBe(0);
    await logger.close({ timeoutMs: 100 });
  });

  it('rejects a record over the request limit and one over the buffer', async () => {
    const logger = createSlsLogger({ ...base, maxBufferBytes: 1000 });
    const fields: Record<string, string> = {};
    for (let i = 0; i < 4; i++) fields[`k${i}`] = 'y'.repeat(900 * 1024);
    expect(() => logger.send(fields)).toThrow(/exceeds the PutLogs request limit/);
    expect(() => logger.send({ v: 'z'.repeat(2000) })).toThrow(/exceeds maxBufferBytes/);
    await logger.close({ timeoutMs: 100 });
  });

  it('rejects malformed pairs and times', async () => {
    const logger = createSlsLogger(base);
    expect(() => logger.send([['', 'x']])).toThrow(TypeError);
    expect(() => logger.send([['k', 1 as unknown as string]])).toThrow(TypeError);
    expect(() => logger.send({ a: 'b' }, { time: Number.NaN })).toThrow(/time/);
    await logger.close({ timeoutMs: 100 });
  });

  it('settles records sent after close as closed', async () => {
    const logger = createSlsLogger(base);
    await logger.close({ timeoutMs: 100 });
    const result = await logger.send({ a: 'b' });
    expect(result.delivered).toBe(false);
    if (!result.delivered) expect(result.reason).toBe('closed');
  });
});
