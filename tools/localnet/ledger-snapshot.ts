// The ledger kept between localnet runs: the clock, the chain's identity (genesis hash, blockhash
// seed, how many blockhashes it issued) and every account a transaction, an airdrop or
// a dev method has written, as JSON. Programs are not in it (they are loaded from their files at
// each start), nor sysvars (the chain sets its own clock from the saved slot).
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StoredAccount } from './accounts.ts';
import type { ChainIdentity } from './genesis.ts';

export interface LedgerSnapshot {
  slot: bigint;
  blockHeight: bigint;
  /** Absent in ledgers written before chains had one: such a ledger gets a fresh identity. */
  identity?: ChainIdentity;
  blockhashesIssued?: bigint;
  accounts: { address: string; account: StoredAccount }[];
}

interface SnapshotFile {
  format: 'tidepool-localnet-ledger/1';
  slot: string;
  blockHeight: string;
  genesisHash?: string;
  blockhashSeed?: string;
  blockhashesIssued?: string;
  accounts: { address: string; lamports: string; owner: string; executable: boolean; data: string }[];
}

export function writeSnapshot(path: string, snapshot: LedgerSnapshot): void {
  const file: SnapshotFile = {
    format: 'tidepool-localnet-ledger/1',
    slot: snapshot.slot.toString(),
    blockHeight: snapshot.blockHeight.toString(),
    genesisHash: snapshot.identity?.genesisHash,
    blockhashSeed: snapshot.identity?.blockhashSeed,
    blockhashesIssued: snapshot.blockhashesIssued?.toString(),
    accounts: snapshot.accounts.map(({ address, account }) => ({
      address,
      lamports: account.lamports.toString(),
      owner: account.owner,
      executable: account.executable,
      data: Buffer.from(account.data).toString('base64'),
    })),
  };
  mkdirSync(dirname(path), { recursive: true });
  // Written aside and renamed, so a crash mid-write leaves the previous ledger whole.
  writeFileSync(`${path}.tmp`, JSON.stringify(file));
  renameSync(`${path}.tmp`, path);
}

export function readSnapshot(path: string): LedgerSnapshot {
  const file = JSON.parse(readFileSync(path, 'utf8')) as SnapshotFile;
  if (file.format !== 'tidepool-localnet-ledger/1')
    throw new Error(`${path} is not a localnet ledger (run with --reset to start afresh)`);
  return {
    slot: BigInt(file.slot),
    blockHeight: BigInt(file.blockHeight),
    identity:
      file.genesisHash && file.blockhashSeed
        ? { genesisHash: file.genesisHash, blockhashSeed: file.blockhashSeed }
        : undefined,
    blockhashesIssued: file.blockhashesIssued === undefined ? undefined : BigInt(file.blockhashesIssued),
    accounts: file.accounts.map((a) => ({
      address: a.address,
      account: {
        lamports: BigInt(a.lamports),
        owner: a.owner,
        executable: a.executable,
        data: new Uint8Array(Buffer.from(a.data, 'base64')),
      },
    })),
  };
}
