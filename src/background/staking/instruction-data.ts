// Little-endian integers as the on-chain programs' instruction data lays them out (Borsh, and
// Infinity's packed structs alike). A value that does not fit is refused rather than truncated.
import { Buffer } from 'buffer';
import { U64_MAX } from '../../shared/format';

export function u64(value: bigint): Buffer {
  if (value < 0n || value > U64_MAX) throw new RangeError(`${value} does not fit in a u64`);
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE(value);
  return out;
}

export function u32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32LE(value);
  return out;
}
