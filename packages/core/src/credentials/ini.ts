/** The sections of an INI file, each a record of its keys. Objects have no prototype. */
export type IniSections = Record<string, Record<string, string>>;

const SECTION = /^\[([^\]]*)\]$/;
const COMMENT = /^\s*[;#]/;

/**
 * Parses INI text with the rules of the npm `ini` package v1 (what the official SDK reads
 * `~/.alibabacloud/credentials` with), so that a file means the same to both:
 *
 * - lines split at any run of CR/LF; empty lines and lines whose first non-blank is `;` or `#` are
 *   comments;
 * - `[name]` opens a section only when the brackets are the whole line (no surrounding blanks);
 * - `key = value` splits at the first `=`; key and value are trimmed; a line without `=` sets the
 *   key to `true`;
 * - a value in double quotes is read as a JSON string, one in single quotes is taken verbatim
 *   (read as JSON when that works); otherwise `;` or `#` starts a comment unless escaped as `\;` or
 *   `\#`, and `\\` stands for a backslash;
 * - a repeated key keeps the last value, a repeated section merges; keys before the first section
 *   and a section named `__proto__` are ignored.
 *
 * Differences, on purpose: values stay strings (`ini` turns `true`/`false`/`null`, and a single-quoted
 * JSON text such as a policy, into JSON values, which no credentials field can use), `key[]` arrays are not built (the last value is kept), and a
 * dotted section name stays one name (`ini` nests `[a.b]` under `a`, which made such profiles
 * unreachable).
 */
export function parseIni(text: string): IniSections {
  const sections: IniSections = Object.create(null);
  let current: Record<string, string> | undefined;
  for (const line of text.split(/[\r\n]+/)) {
    if (line === '' || COMMENT.test(line)) continue;
    const header = SECTION.exec(line);
    if (header) {
      const name = unquote(header[1] ?? '');
      if (name === '__proto__') {
        current = undefined;
        continue;
      }
      current = sections[name] ??= Object.create(null);
      continue;
    }
    const eq = line.indexOf('=');
    const key = unquote(eq === -1 ? line : line.slice(0, eq));
    if (current === undefined || key === '' || key === '__proto__') continue;
    current[key] = eq === -1 ? 'true' : unquote(line.slice(eq + 1));
  }
  return sections;
}

/** The `ini` v1 `unsafe()` rule: quoted values are JSON (or verbatim), others lose their inline comment. */
function unquote(raw: string): string {
  const value = raw.trim();
  const quote = value.charAt(0);
  // As in `ini`, a lone quote character counts as quoted (it reads as '' or '"').
  if ((quote === '"' || quote === "'") && value.endsWith(quote)) {
    const inner = quote === "'" ? value.slice(1, -1) : value;
    try {
      const parsed: unknown = JSON.parse(inner);
      return typeof parsed === 'string' ? parsed : inner;
    } catch {
      return inner;
    }
  }
  let out = '';
  let escaped = false;
  for (const c of value) {
    if (escaped) {
      out += c === '\\' || c === ';' || c === '#' ? c : `\\${c}`;
      escaped = false;
    } else if (c === ';' || c === '#') {
      break;
    } else if (c === '\\') {
      escaped = true;
    } else {
      out += c;
    }
  }
  if (escaped) out += '\\';
  return out.trim();
}
