// What a source of "where is my SOL" items provides (portfolio/waiting-list.ts asks every source in
// the screen's one batch): the calls it needs for an owner, its items from their answers, and the
// action that collects one of them. Native stake accounts need none (the portfolio's refresh holds
// them); Marinade tickets are one (marinade-ticket-source.ts); a source for another protocol's
// delayed unstakes registers here the same way (engine.ts lists the sources).
import type { PublicKey } from '@solana/web3.js';
import type { TxOutcome } from '../../shared/staking';
import type { WaitingItem } from '../../shared/waiting';
import type { RpcCall } from '../chain/rpc-methods';

/** The epoch as the screen's batch read it, and what an epoch lasts at the measured slot time. */
export interface EpochNow {
  epoch: number;
  endsInMs: number | null;
  epochMs: number | null;
}

export interface WaitingSource {
  /** Names the source in an item's action (`{ kind: 'source', source, id }`). */
  readonly name: string;
  calls(owner: PublicKey): RpcCall[];
  /** Its items, from the answers to its calls (in their order). */
  read(owner: PublicKey, answers: readonly unknown[], now: EpochNow): WaitingItem[];
  /** Collects item `id` for `owner`: simulated first, then signed and sent. */
  act(owner: PublicKey, id: string): Promise<TxOutcome>;
}
