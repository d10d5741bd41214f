import type { NormalizedStatement } from '../../types';

function sorted(values: readonly string[] | undefined, lower = false): string[] | null {
  if (!values) return null;
  return [...new Set(values.map((v) => (lower ? v.toLowerCase() : v)))].sort();
}

/** The conditions of a statement in a canonical form, to compare statements regardless of order. */
export function canonicalConditions(statement: NormalizedStatement): string {
  const clauses = statement.conditions
    .map((c) => JSON.stringify([c.operator, c.key, [...new Set(c.values.map((v) => JSON.stringify(v)))].sort()]))
    .sort();
  return JSON.stringify(clauses);
}

/** A statement in a canonical form: equal strings mean the statements mean the same. */
export function canonicalStatement(statement: NormalizedStatement): string {
  const p = statement.principal;
  return JSON.stringify({
    effect: statement.effect,
    actions: sorted(statement.actions, true),
    notActions: sorted(statement.notActions, true),
    resources: sorted(statement.resources),
    notResources: sorted(statement.notResources),
    conditions: canonicalConditions(statement),
    principal: p
      ? { everyone: p.everyone, ram: sorted(p.ram), service: sorted(p.service), federated: sorted(p.federated) }
      : null,
  });
}
