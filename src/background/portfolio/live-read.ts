// The refresh's reads of the chain, round by round, one JSON-RPC batch (one HTTP round trip) each.
// The first is the batch every refresh sends at once: the balance, the epoch, the samples the slot
// time is measured from, what a signature costs (asked on the blockhash the node last handed out,
// with a fresh one for the next ask), the indexes (for addresses only, owned-accounts.ts), the
// owner's accounts the plan knows, read directly, and the accounts that value them. A further round reads only what the rounds before showed missing: the
// accounts an index lists that the plan did not know, the pool, adapter, metadata and mint
// accounts of a mint not planned for, the pools of mints never seen (found by address; the round
// after reads them). While the holdings stay the same there is no further round. Every read of the
// owner's state (balance, epoch, indexes, accounts) is asked from the slot of the newest transaction
// of ours that landed since the last refresh on (refresh-plan.ts), asked again while the node is
// behind it.
import { PublicKey } from '@solana/web3.js';
import { AccountRequest, type AccountsRead } from '../chain/account-batch';
import { fromSlot, readFromSlot } from '../chain/min-context-slot';
import type { RawAccount } from '../chain/raw-account';
import type { RpcClient } from '../chain/rpc-client';
import { rpcCall, type RpcResult } from '../chain/rpc-methods';
import type { EncodedAccount, EpochInfo } from '../chain/rpc-shapes';
import type { SignatureFee } from '../chain/signature-fee';
import { measuredSlotTime, slotTimeCall, type SlotTime } from '../chain/slot-time';
import type { PoolByMint, PoolDirectory } from '../staking/pool-directory';
import { OWNED_SLICE, OwnedAccounts, indexCalls, listing } from './owned-accounts';
import type { RefreshPlan } from './refresh-plan';

/** Every account read to value the holdings, over all rounds. */
class Reads {
  readonly #asked = new Set<string>();
  readonly #reads: AccountsRead[] = [];

  add(request: AccountRequest, read: AccountsRead): void {
    for (const key of request.keys) this.#asked.add(key);
    this.#reads.push(read);
  }

  asked(address: string): boolean {
    return this.#asked.has(address);
  }

  #first<T>(get: (read: AccountsRead) => T | undefined): T | undefined {
    for (const read of this.#reads) {
      const found = get(read);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  account = (address: string): RawAccount | null | undefined => this.#first((r) => r.get(address));
  encoded = (address: string): EncodedAccount | null | undefined => this.#first((r) => r.encoded(address));
  slotOf = (address: string): number | undefined => this.#first((r) => r.slotOf(address));
}

export interface ChainRead {
  lamports: number;
  epochInfo: EpochInfo;
  /** The slot time the node measured (null: no samples yet). */
  slotTime: SlotTime | null;
  /** What a signature costs, as this network last said. */
  lamportsPerSignature: bigint | null;
  owned: OwnedAccounts;
  accounts: Reads;
  /** The slot every read was asked from on: the newest landed transaction's (none without one). */
  slot: number | undefined;
}

/** The first round: everything the plan (and the transactions landed since) says this refresh needs. */
export async function readFirst(
  rpc: RpcClient,
  fees: SignatureFee,
  owner: string,
  plan: RefreshPlan,
  keys: readonly string[],
): Promise<ChainRead> {
  const slot = plan.landed.length ? Math.max(...plan.landed.map((n) => n.slot)) : undefined;
  const from = fromSlot(slot);
  const watched = new AccountRequest().add(...plan.watch, ...plan.landed.flatMap((n) => n.accounts));
  const valuing = new AccountRequest().add(...keys);
  const watchedCalls = watched.calls({ dataSlice: OWNED_SLICE, ...from });
  const feeAsk = await fees.ask(new PublicKey(owner));
  const [balance, epochInfo, samples, fee, , tokens, tokens2022, stakes, ...answers] = await readFromSlot(
    slot,
    () =>
      rpc.batch([
        rpcCall('getBalance', [owner, from]),
        rpcCall('getEpochInfo', [from]),
        slotTimeCall(),
        feeAsk,
        rpcCall('getLatestBlockhash', []),
        ...indexCalls(owner, from),
        ...watchedCalls,
        ...valuing.calls(from),
      ]),
  );
  const owned = new OwnedAccounts(owner, listing(tokens.value, tokens2022.value, stakes));
  owned.add(watched.keys, watched.read(answers.slice(0, watchedCalls.length)));
  const accounts = new Reads();
  accounts.add(valuing, valuing.read(answers.slice(watchedCalls.length)));
  return {
    lamports: balance.value,
    epochInfo,
    slotTime: measuredSlotTime(samples),
    lamportsPerSignature: await fees.learn(fee),
    owned,
    accounts,
    slot,
  };
}

/**
 * One more round, if anything is missing: the listed accounts not read yet, `keys` (valuing
 * accounts not asked yet) and the pools of `discover` (mints never seen). Returns the pools
 * learned, or null when there was nothing to read.
 */
export async function readRound(
  rpc: RpcClient,
  chain: ChainRead,
  keys: readonly string[],
  discover: readonly string[],
  directory: PoolDirectory,
): Promise<PoolByMint | null> {
  const from = fromSlot(chain.slot);
  const unread = new AccountRequest().add(...chain.owned.unread());
  const valuing = new AccountRequest().add(...keys.filter((key) => !chain.accounts.asked(key)));
  if (!unread.size && !valuing.size && !discover.length) return null;
  const unreadCalls = unread.calls({ dataSlice: OWNED_SLICE, ...from });
  const valuingCalls = valuing.calls(from);
  const answers = await readFromSlot(chain.slot, () =>
    rpc.batch([...unreadCalls, ...valuingCalls, ...directory.discoveryCalls(discover)]),
  );
  // The batch is typed as a list of either method's answers; each stretch is one method's, in call order.
  const valuingAt = unreadCalls.length;
  const discoveryAt = valuingAt + valuingCalls.length;
  const multiple = (from: number, to: number) =>
    answers.slice(from, to) as RpcResult<'getMultipleAccounts'>[];
  chain.owned.add(unread.keys, unread.read(multiple(0, valuingAt)));
  chain.accounts.add(valuing, valuing.read(multiple(valuingAt, discoveryAt)));
  return directory.learn(discover, answers.slice(discoveryAt) as RpcResult<'getProgramAccounts'>[]);
}
