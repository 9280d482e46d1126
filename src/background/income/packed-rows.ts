// The ledger's rows as kept in storage: their JSON, gzipped (the platform's CompressionStream) and
// in base64, since chrome.storage keeps JSON values. A row's text (its note, its labels) repeats
// from epoch to epoch, so five years of a handful of positions take tens of kilobytes instead of
// megabytes of the extension's storage quota, which every other key shares.
import type { IncomeRow } from '../../shared/income';

/** What `incomeRows:*` holds. */
export interface PackedRows {
  gzip: string;
}

async function through(
  bytes: Uint8Array,
  stream: CompressionStream | DecompressionStream,
): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

export async function packRows(rows: readonly IncomeRow[]): Promise<PackedRows> {
  const json = new TextEncoder().encode(JSON.stringify(rows));
  return { gzip: Buffer.from(await through(json, new CompressionStream('gzip'))).toString('base64') };
}

export async function unpackRows(packed: PackedRows): Promise<IncomeRow[]> {
  const json = await through(Buffer.from(packed.gzip, 'base64'), new DecompressionStream('gzip'));
  return JSON.parse(new TextDecoder().decode(json)) as IncomeRow[];
}
