// The client arrives in a later change; for now the package exposes the PlainBuffer row codec.
export {
  type AttributeColumn,
  type CellValue,
  type CellValueInput,
  crc8,
  crc8Byte,
  decodeRow,
  decodeRows,
  encodeRow,
  encodeRows,
  type PlainBufferRow,
  type PlainBufferRowInput,
  type PrimaryKeyColumn,
  type PrimaryKeySpecialValue,
  type PrimaryKeyValue,
  type PrimaryKeyValueInput,
  type UpdateType,
} from './protocol';
