// Run by index.ts in a child process (`node --import tsx`), so its peak RSS is ours alone:
// uploads one file to the parent's emulator and prints the process's peak RSS in bytes.
import { OssClient } from '../../packages/oss/src/index';

const [endpoint, region, accessKeyId, accessKeySecret, file, partSize, concurrency] = process.argv.slice(2) as string[];
const bucket = new OssClient({
  region: region as string,
  endpoint,
  credentials: { accessKeyId: accessKeyId as string, accessKeySecret: accessKeySecret as string, source: 'bench' },
}).getBucketClient('bench');
const started = performance.now();
await bucket.uploadFile('large-child.bin', file as string, {
  partSize: Number(partSize),
  concurrency: Number(concurrency),
  checkpoint: false,
});
const seconds = (performance.now() - started) / 1000;
process.stdout.write(JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024, seconds }));
