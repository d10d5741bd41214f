import { describe, expect, it } from 'vitest';
import { tablestoreStep } from '../src/steps/tablestore';
import { runTour } from '../src/tour';

describe('tour step: tablestore', () => {
  it('creates a table, writes every row once with the batch writer under throttling, scans it', async () => {
    const lines: string[] = [];
    const result = await runTour({ log: (line) => lines.push(line), steps: [tablestoreStep] });
    const step = result.steps[0];
    expect(step?.error).toBeUndefined();
    expect(step?.checks.map((c) => [c.subject, c.ok, c.outcome])).toEqual([
      ['table tour_orders', true, 'active'],
      ['batch writer', true, '400 written once'],
      ['getRange', true, '100 rows in key order'],
      ['putRow', true, 'OTSConditionCheckFail'],
    ]);
    expect(result.ok).toBe(true);
    expect(lines.join('\n')).not.toContain('ExampleSecret');
  });
});
