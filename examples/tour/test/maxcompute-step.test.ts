import { describe, expect, it } from 'vitest';
import { maxcomputeStep } from '../src/steps/maxcompute';
import { runTour } from '../src/tour';

describe('tour step: maxcompute', () => {
  it('runs the user_behavior scenario: DDL, tunnel upload, GROUP BY job, instance tunnel, download', async () => {
    const lines: string[] = [];
    const result = await runTour({ log: (line) => lines.push(line), steps: [maxcomputeStep] });
    const step = result.steps[0];
    expect(step?.error).toBeUndefined();
    expect(step?.checks.map((c) => [c.subject, c.ok])).toEqual([
      ['table user_behavior', true],
      ['tunnel upload', true],
      ['SQL job', true],
      ['tunnel download', true],
      ['missing table', true],
    ]);
    expect(result.ok).toBe(true);
    expect(lines.join('\n')).not.toContain('ExampleSecret');
  });
});
