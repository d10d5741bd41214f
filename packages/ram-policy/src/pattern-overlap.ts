import { sameIgnoringCase } from './wildcard';

// Two questions the linter asks about patterns, answered without enumerating strings:
// - overlap: can one string match both patterns? (does `instance/*` fit the `instance/{InstanceId}` format?)
// - cover: does every string one pattern matches also match the other? (is this Allow inside that Deny?)

/** How the linter compares patterns. */
export interface PatternCompareOptions {
  /** Letters compare without regard to case, as for actions. @defaultValue false */
  ignoreCase?: boolean;
}

type Token =
  | { kind: 'lit'; ch: string }
  | { kind: 'one' } // any one character
  | { kind: 'oneNoSlash' } // any one character but '/'
  | { kind: 'run' } // any run of characters, also none
  | { kind: 'runNoSlash' }; // any run of characters without '/', also none

/** Tokens of a RAM wildcard pattern: `*` any run, `?` any one character. */
function wildcardTokens(pattern: string): Token[] {
  return Array.from(
    pattern,
    (ch): Token => (ch === '*' ? { kind: 'run' } : ch === '?' ? { kind: 'one' } : { kind: 'lit', ch }),
  );
}

/**
 * Tokens of a catalog resource template: `{Name}` is one path segment (one or more characters, no
 * `/`), `{Name+}` one or more characters of any kind, `*` any run; everything else is literal.
 */
function templateTokens(template: string): Token[] {
  const out: Token[] = [];
  const chars = Array.from(template);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch === '{') {
      const end = chars.indexOf('}', i);
      if (end > i) {
        const multi = chars[end - 1] === '+';
        out.push(multi ? { kind: 'one' } : { kind: 'oneNoSlash' }, multi ? { kind: 'run' } : { kind: 'runNoSlash' });
        i = end;
        continue;
      }
    }
    out.push(ch === '*' ? { kind: 'run' } : { kind: 'lit', ch });
  }
  return out;
}

function isRun(t: Token | undefined): boolean {
  return t?.kind === 'run' || t?.kind === 'runNoSlash';
}

/** Can one character satisfy both tokens' classes? */
function classesMeet(a: Token, b: Token, ignoreCase: boolean): boolean {
  const slashFree = (t: Token) => t.kind === 'oneNoSlash' || t.kind === 'runNoSlash';
  if (a.kind === 'lit' && b.kind === 'lit') return ignoreCase ? sameIgnoringCase(a.ch, b.ch) : a.ch === b.ch;
  if (a.kind === 'lit') return !(a.ch === '/' && slashFree(b));
  if (b.kind === 'lit') return !(b.ch === '/' && slashFree(a));
  return true;
}

/** Breadth-first search over pairs of positions: is there a string both token lists accept? */
function tokensOverlap(a: Token[], b: Token[], ignoreCase: boolean): boolean {
  const seen = new Set<number>();
  const width = b.length + 1;
  const queue: Array<[number, number]> = [[0, 0]];
  while (queue.length > 0) {
    const [i, j] = queue.pop() as [number, number];
    const id = i * width + j;
    if (seen.has(id)) continue;
    seen.add(id);
    if (i === a.length && j === b.length) return true;
    const ta = a[i];
    const tb = b[j];
    // A run may stand for nothing.
    if (isRun(ta)) queue.push([i + 1, j]);
    if (isRun(tb)) queue.push([i, j + 1]);
    if (ta === undefined || tb === undefined || !classesMeet(ta, tb, ignoreCase)) continue;
    // Both take one character; a run stays where it is to take more.
    queue.push([isRun(ta) ? i : i + 1, isRun(tb) ? j : j + 1]);
  }
  return false;
}

/** True when some string matches both RAM wildcard patterns. */
export function wildcardsOverlap(a: string, b: string, options?: PatternCompareOptions): boolean {
  return tokensOverlap(wildcardTokens(a), wildcardTokens(b), options?.ignoreCase ?? false);
}

/**
 * True when some string matches both the wildcard pattern and the catalog template (`{Name}` one
 * segment, `{Name+}` one or more characters, `*` anything).
 */
export function wildcardFitsTemplate(pattern: string, template: string, options?: PatternCompareOptions): boolean {
  return tokensOverlap(wildcardTokens(pattern), templateTokens(template), options?.ignoreCase ?? false);
}

/**
 * True when every string `specific` matches is also matched by `general`. Decided by matching
 * `general` against `specific` read as a word of symbols (`*` there can only be absorbed by a `*`
 * here; `?` by `?` or `*`): a yes is always right, a no may miss rare equivalent spellings such as
 * `a*?` against `a?*`. The linter only reports what it is sure of, so it can live with that.
 */
export function wildcardCovers(general: string, specific: string, options?: PatternCompareOptions): boolean {
  const g = Array.from(general);
  const s = Array.from(specific);
  const ignoreCase = options?.ignoreCase ?? false;
  // reach[j]: general[0..i) can absorb specific[0..j)
  let reach: boolean[] = new Array(s.length + 1).fill(false);
  reach[0] = true;
  for (const gc of g) {
    const next: boolean[] = new Array(s.length + 1).fill(false);
    for (let j = 0; j <= s.length; j++) {
      if (gc === '*') {
        // A star absorbs any run of symbols, stars included.
        next[j] = (reach[j] ?? false) || (j > 0 && (next[j - 1] ?? false));
      } else if (j > 0 && reach[j - 1]) {
        const sc = s[j - 1] as string;
        if (gc === '?') next[j] = sc !== '*';
        else next[j] = sc !== '*' && sc !== '?' && (ignoreCase ? sameIgnoringCase(gc, sc) : gc === sc);
      }
    }
    reach = next;
  }
  return reach[s.length] ?? false;
}
