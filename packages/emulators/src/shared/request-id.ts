import { randomBytes, randomUUID } from 'node:crypto';

/** Upper-case hex request id of `bytes` random bytes (OSS, SLS and MaxCompute use 24 hex digits). */
export function hexRequestId(bytes = 12): string {
  return randomBytes(bytes).toString('hex').toUpperCase();
}

/** Upper-case UUID request id, as POP products answer (`05B36C2C-5F6E-48D5-8B41-CE36DD7EE8E0`). */
export function uuidRequestIdUpper(): string {
  return randomUUID().toUpperCase();
}

/** Lower-case UUID-shaped request id, as Tablestore answers (`0005aedd-5b9e-9b48-a5c1-720b12a7b4bb`). */
export function uuidRequestIdLower(): string {
  return randomUUID();
}
