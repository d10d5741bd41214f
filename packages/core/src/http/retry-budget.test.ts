import { describe, expect, it } from 'vitest';
import { createRetryBudget } from './retry-budget';

describe('createRetryBudget', () => {
  it('allows capacity / retryCost retries in a row, then refuses', () => {
    const budget = createRetryBudget({ capacity: 10, retryCost: 5 });
    expect(budget.tryConsume()).toBe(true);
    expect(budget.tryConsume()).toBe(true);
    expect(budget.tryConsume()).toBe(false);
    expect(budget.available).toBe(0);
  });

  it('earns tokens back on success, never beyond capacity', () => {
    const budget = createRetryBudget({ capacity: 10, retryCost: 5, successReward: 2 });
    budget.tryConsume();
    budget.tryConsume();
    for (let i = 0; i < 3; i++) budget.recordSuccess();
    expect(budget.available).toBe(6);
    expect(budget.tryConsume()).toBe(true);
    for (let i = 0; i < 20; i++) budget.recordSuccess();
    expect(budget.available).toBe(10);
  });

  it('defaults to 100 retries in a row', () => {
    const budget = createRetryBudget();
    let n = 0;
    while (budget.tryConsume()) n++;
    expect(n).toBe(100);
  });

  it('refuses nonsense options', () => {
    expect(() => createRetryBudget({ capacity: 0 })).toThrow(RangeError);
    expect(() => createRetryBudget({ retryCost: Number.NaN })).toThrow(/retryCost/);
  });
});
