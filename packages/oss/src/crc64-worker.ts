import { Worker } from 'node:worker_threads';
import { crc64, crc64FromRegister, crc64Kernel } from './crc64';

/** Below this size a worker round trip costs more than it saves. */
const OFFLOAD_MIN_BYTES = 1024 * 1024;

interface Pending {
  resolve: (crc: bigint) => void;
  data: Uint8Array;
}

let worker: Worker | undefined;
let disabled = false;
let nextId = 0;
const pending = new Map<number, Pending>();

function failAll(): void {
  disabled = true;
  worker = undefined;
  // Whatever was in flight is computed here instead.
  for (const [id, job] of pending) {
    pending.delete(id);
    job.resolve(crc64(job.data));
  }
}

function start(): Worker | undefined {
  if (worker || disabled) return worker;
  try {
    const source = `const { parentPort } = require('node:worker_threads');
const update = (${crc64Kernel.toString()})();
parentPort.on('message', (m) => {
  const [lo, hi] = update(0xffffffff, 0xffffffff, new Uint8Array(m.buffer, m.offset, m.length));
  parentPort.postMessage({ id: m.id, lo, hi });
});`;
    const w = new Worker(source, { eval: true });
    w.unref();
    w.on('message', (m: { id: number; lo: number; hi: number }) => {
      const job = pending.get(m.id);
      if (!job) return;
      pending.delete(m.id);
      if (pending.size === 0) w.unref();
      job.resolve(crc64FromRegister(m.lo, m.hi));
    });
    w.on('error', failAll);
    w.on('exit', () => {
      if (worker === w) failAll();
    });
    worker = w;
  } catch {
    disabled = true;
  }
  return worker;
}

/**
 * CRC-64 of a large part computed on a worker thread, so hashing runs beside the upload instead of
 * competing with it for the event loop. Small inputs, or a worker that cannot start, are hashed
 * here. The bytes are copied to the worker; `data` stays usable.
 */
export function crc64Offloaded(data: Uint8Array): Promise<bigint> {
  const w = data.byteLength >= OFFLOAD_MIN_BYTES ? start() : undefined;
  if (!w) return Promise.resolve(crc64(data));
  const id = nextId++;
  return new Promise<bigint>((resolve) => {
    // Keep the process alive only while a CRC is being computed.
    if (pending.size === 0) w.ref();
    pending.set(id, { resolve, data });
    w.postMessage({ id, buffer: data.buffer, offset: data.byteOffset, length: data.byteLength });
  });
}
