export { crc8, crc8Byte } from './crc8';
export { decodeRow, decodeRows } from './plain-buffer-decoder';
export { encodeRow, encodeRows } from './plain-buffer-encoder';
export type {
  AttributeColumn,
  CellValue,
  CellValueInput,
  PlainBufferRow,
  PlainBufferRowInput,
  PrimaryKeyColumn,
  PrimaryKeySpecialValue,
  PrimaryKeyValue,
  PrimaryKeyValueInput,
  UpdateType,
} from './plain-buffer-types';
