// Wire constants of Tablestore's PlainBuffer row format (spec §3.1). Internal: callers use the
// typed values of plain-buffer-types.ts, never these bytes.

export const HEADER = 0x75;

export const TAG_ROW_PK = 0x01;
export const TAG_ROW_DATA = 0x02;
export const TAG_CELL = 0x03;
export const TAG_CELL_NAME = 0x04;
export const TAG_CELL_VALUE = 0x05;
export const TAG_CELL_TYPE = 0x06;
export const TAG_CELL_TIMESTAMP = 0x07;
export const TAG_DELETE_ROW_MARKER = 0x08;
export const TAG_ROW_CHECKSUM = 0x09;
export const TAG_CELL_CHECKSUM = 0x0a;

export const VT_INTEGER = 0x00;
export const VT_DOUBLE = 0x01;
export const VT_BOOLEAN = 0x02;
export const VT_STRING = 0x03;
export const VT_BLOB = 0x07;
export const VT_INF_MIN = 0x09;
export const VT_INF_MAX = 0x0a;
export const VT_AUTO_INCREMENT = 0x0b;

export const OP_DELETE_ALL_VERSIONS = 0x01;
export const OP_DELETE_ONE_VERSION = 0x03;
export const OP_INCREMENT = 0x04;
