// The exact transaction of a native staking request, built before anything is read: from the
// addresses and amounts the request names and what the wallet last learned of the cluster (a new
// stake account's rent reserve). native-quote.ts reads and simulates it in one batch, and plans
// again when the fresh reads say otherwise.
import { PublicKey, type TransactionInstruction } from '@solana/web3.js';
import { shortAddress, solText as sol } from '../../shared/format';
import type { NativeRequest } from '../../shared/native-staking';
import {
  createAndDelegate,
  deactivate,
  merge,
  moveLamports,
  moveStake,
  seededStakeAddress,
  stakeSeed,
  withdraw,
} from './native-instructions';

/** What the wallet knows of one network's stake accounts, learned from its answers (never assumed). */
export interface StakeFacts {
  /** What the stake program keeps in a new account for rent; null until read. */
  reserve: bigint | null;
  minimumDelegation: bigint | null;
  /** What a signature costs on this network (signature-fee.ts); null until asked. */
  networkFee: bigint | null;
}

export interface NativePlan {
  instructions: TransactionInstruction[];
  /** The stake accounts it touches, read before and watched after the simulation (after the owner). */
  stakeAccounts: PublicKey[];
  /** A stake's new account and what funds it. */
  created: { address: PublicKey; seed: string } | null;
  /** The reserve a new account was funded with. */
  reserve: bigint | undefined;
  withdrawLamports: bigint | undefined;
  voter: PublicKey | undefined;
  label: string;
}

const key = (address: string) => new PublicKey(address);
const short = shortAddress;

export async function planNative(
  owner: PublicKey,
  request: NativeRequest,
  facts: StakeFacts,
  withdrawLamports: bigint | undefined,
): Promise<NativePlan> {
  const base = { created: null, reserve: undefined, withdrawLamports: undefined, voter: undefined };
  switch (request.kind) {
    case 'stake': {
      const seed = stakeSeed();
      const address = await seededStakeAddress(owner, seed);
      const voter = key(request.voter);
      // Unknown reserve: planned unfunded, so the batch learns it (and a second one quotes).
      const reserve = facts.reserve ?? 0n;
      const lamports = BigInt(request.lamports);
      return {
        instructions: createAndDelegate(owner, address, seed, lamports + reserve, voter),
        stakeAccounts: [address],
        created: { address, seed },
        reserve,
        withdrawLamports: undefined,
        voter,
        label: `Stake ${sol(lamports)} with validator ${short(request.voter)}`,
      };
    }
    case 'deactivate':
      return {
        ...base,
        instructions: deactivate(owner, key(request.stakeAccount)),
        stakeAccounts: [key(request.stakeAccount)],
        label: `Deactivate stake account ${short(request.stakeAccount)}`,
      };
    case 'withdraw': {
      const lamports = withdrawLamports ?? BigInt(request.lamports);
      return {
        ...base,
        instructions: withdraw(owner, key(request.stakeAccount), lamports),
        stakeAccounts: [key(request.stakeAccount)],
        withdrawLamports: lamports,
        label: `Withdraw ${sol(lamports)} from stake account ${short(request.stakeAccount)}`,
      };
    }
    case 'merge':
      return {
        ...base,
        instructions: merge(owner, key(request.destination), key(request.source)),
        stakeAccounts: [key(request.destination), key(request.source)],
        label: `Merge stake account ${short(request.source)} into ${short(request.destination)}`,
      };
    case 'moveStake':
    case 'moveLamports': {
      const move = request.kind === 'moveStake' ? moveStake : moveLamports;
      const lamports = BigInt(request.lamports);
      return {
        ...base,
        instructions: move(owner, key(request.source), key(request.destination), lamports),
        stakeAccounts: [key(request.source), key(request.destination)],
        label: `Move ${sol(lamports)} of ${request.kind === 'moveStake' ? 'stake' : 'free SOL'} from ${short(request.source)} to ${short(request.destination)}`,
      };
    }
    default: {
      const never: never = request;
      return never;
    }
  }
}
