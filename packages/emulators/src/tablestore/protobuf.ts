/**
 * The few protobuf wire-format pieces the Tablestore emulator writes by hand: length-delimited
 * string fields are all its current responses need.
 */

const utf8 = new TextEncoder();

/** Appends `value` as a base-128 varint. */
function pushVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** Encodes one length-delimited field (wire type 2) holding UTF-8 text or bytes. */
export function encodeBytesField(fieldNumber: number, value: string | Uint8Array): Uint8Array {
  const bytes = typeof value === 'string' ? utf8.encode(value) : value;
  const head: number[] = [];
  pushVarint(head, fieldNumber * 8 + 2);
  pushVarint(head, bytes.byteLength);
  const out = new Uint8Array(head.length + bytes.byteLength);
  out.set(head, 0);
  out.set(bytes, head.length);
  return out;
}

/** Concatenates encoded fields into one message. */
export function concatFields(fields: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(fields.reduce((n, f) => n + f.byteLength, 0));
  let pos = 0;
  for (const f of fields) {
    out.set(f, pos);
    pos += f.byteLength;
  }
  return out;
}

/** `Error { required string code = 1; optional string message = 2; }` */
export function encodeErrorMessage(code: string, message: string | undefined): Uint8Array {
  const fields = [encodeBytesField(1, code)];
  if (message !== undefined) fields.push(encodeBytesField(2, message));
  return concatFields(fields);
}

/** `ListTableResponse { repeated string table_names = 1; }` */
export function encodeListTableResponse(tableNames: readonly string[]): Uint8Array {
  return concatFields(tableNames.map((name) => encodeBytesField(1, name)));
}
