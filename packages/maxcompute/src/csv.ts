/**
 * Splits the CSV text of a `?result` response into records of fields. A field that is the
 * unquoted token `\N` is NULL (`null`); double-quoted fields may hold commas, line breaks and `""`;
 * backslash sequences (`\\`, `\n`, `\r`, `\t`, `\0`, `\"`, `\'`, `\xNN`, `\uNNNN`) in values are
 * undone. The first record is the header.
 */
export function parseCsv(text: string): (string | null)[][] {
  const records: (string | null)[][] = [];
  let record: (string | null)[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  let i = 0;
  const n = text.length;
  const endField = () => {
    record.push(!wasQuoted && field === '\\N' ? null : unescapeBackslashes(field));
    field = '';
    wasQuoted = false;
  };
  while (i < n) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (c === '\\' && i + 1 < n) {
        field += c + (text[i + 1] as string);
        i += 2;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      wasQuoted = true;
      i++;
    } else if (c === ',') {
      endField();
      i++;
    } else if (c === '\n' || c === '\r') {
      endField();
      records.push(record);
      record = [];
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else if (c === '\\' && i + 1 < n) {
      field += c + (text[i + 1] as string);
      i += 2;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || wasQuoted || record.length > 0) {
    endField();
    records.push(record);
  }
  return records;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  '0': '\0',
  b: '\b',
  f: '\f',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

function unescapeBackslashes(field: string): string {
  if (!field.includes('\\')) return field;
  return field.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)/g, (whole, seq: string) => {
    if (seq.length > 1) return String.fromCharCode(Number.parseInt(seq.slice(1), 16));
    return SIMPLE_ESCAPES[seq] ?? whole;
  });
}
