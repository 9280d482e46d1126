// `npm run bench`: measures on this machine and prints one line per figure.
import { resolve } from 'node:path';
import { bundleSizes } from './bundle-sizes.ts';

const dist = resolve(import.meta.dirname, '../../dist');
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

for (const size of bundleSizes(dist)) {
  console.log(`bundle ${size.entry.padEnd(10)} ${kb(size.gzipBytes).padStart(9)} gzip  (${kb(size.bytes)} raw, ${size.files} files)`);
}
