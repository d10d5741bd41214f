import { describe, expect, it } from 'vitest';
import { EntryQueue } from './entry-queue';
import { type MetricEntry, makeEntry } from './metric-entry';

function entry(time: number): MetricEntry {
  return makeEntry({ metricName: 'm', groupId: '0', dimensions: '{}', type: 1, period: 60, time, values: '{"Sum":1}' });
}

describe('EntryQueue', () => {
  it('keeps order, drops the oldest when full and counts them', () => {
    const q = new EntryQueue(3);
    for (let t = 1; t <= 5; t++) q.push(entry(t));
    expect(q.size).toBe(3);
    expect(q.dropped).toBe(2);
    expect([q.shift()?.time, q.shift()?.time, q.shift()?.time, q.shift()]).toEqual([3, 4, 5, undefined]);
  });

  it('puts unsent entries back in front, dropping what no longer fits', () => {
    const q = new EntryQueue(4);
    for (let t = 1; t <= 4; t++) q.push(entry(t));
    const batch = [q.shift(), q.shift()] as MetricEntry[];
    q.push(entry(5));
    q.requeue(batch);
    expect(q.dropped).toBe(1);
    const times: number[] = [];
    for (let e = q.shift(); e; e = q.shift()) times.push(e.time);
    expect(times).toEqual([2, 3, 4, 5]);
  });

  it('stays correct over many pushes and shifts (compaction)', () => {
    const q = new EntryQueue(10_000);
    let next = 0;
    let expected = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 100; i++) q.push(entry(next++));
      for (let i = 0; i < 90; i++) expect(q.shift()?.time).toBe(expected++);
    }
    expect(q.size).toBe(500);
    expect(q.peek()?.time).toBe(expected);
  });

  it('measures an entry as an upper bound of its encoded size', () => {
    const e = makeEntry({
      metricName: 'orders',
      groupId: '0',
      dimensions: '{"shop":"eu/1"}',
      type: 1,
      period: 300,
      time: 1_700_000_000_000,
      values: '{"Sum":3,"SampleCount":2}',
    });
    const encoded = new URLSearchParams({
      'MetricList.1.MetricName': 'orders',
      'MetricList.1.GroupId': '0',
      'MetricList.1.Dimensions': '{"shop":"eu/1"}',
      'MetricList.1.Type': '1',
      'MetricList.1.Period': '300',
      'MetricList.1.Time': '1700000000000',
      'MetricList.1.Values': '{"Sum":3,"SampleCount":2}',
    }).toString();
    expect(e.bytes).toBeGreaterThanOrEqual(encoded.length);
    expect(e.bytes).toBeLessThan(encoded.length + 40);
  });
});
