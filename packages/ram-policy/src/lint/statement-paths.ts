import { formatJsonPath, type JsonPathSegment } from '../json-path';
import type { NormalizedStatement } from '../types';

/** The JSON path of an element of a statement, e.g. `$.Statement[0].Condition`. */
export function statementPath(statement: NormalizedStatement, ...rest: JsonPathSegment[]): string {
  const base: JsonPathSegment[] = statement.path === '$.Statement' ? ['Statement'] : ['Statement', statement.index];
  return formatJsonPath([...base, ...rest]);
}
