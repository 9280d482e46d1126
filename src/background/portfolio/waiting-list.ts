// "Where is my SOL", assembled in the background: what the stake accounts hold, from the portfolio
// the popup's open already refreshed (no round trip), and what every other source holds (Marinade
// tickets, …), read in one batch with the epoch and the slot time (so "in about …" is measured).
// An action of a source is carried out by that source; a stake account's is native staking's.
import type { PublicKey } from '@solana/web3.js';
import { WalletError } from '../../shared/errors';
import type { TxOutcome } from '../../shared/staking';
import { stakeAccountsWaiting, type WaitingItem } from '../../shared/waiting';
import type { RpcClient } from '../chain/rpc-client';
import { rpcCall } from '../chain/rpc-methods';
import { epochTiming, measuredSlotTime, slotTimeCall } from '../chain/slot-time';
import type { EpochNow, WaitingSource } from '../staking/waiting-source';
import type { PortfolioService } from './portfolio-service';

export interface WaitingView {
  items: WaitingItem[];
  epoch: number;
  /** When the list was read (readyInMs counts from here). */
  readAt: number;
}

export class WaitingList {
  constructor(
    private readonly rpc: RpcClient,
    private readonly portfolio: Pick<PortfolioService, 'cached'>,
    private readonly sources: readonly WaitingSource[],
  ) {}

  async list(owner: PublicKey): Promise<WaitingView> {
    const calls = this.sources.map((s) => s.calls(owner));
    const [cached, [epochInfo, samples, ...answers]] = await Promise.all([
      this.portfolio.cached(owner.toBase58()),
      this.rpc.batch([rpcCall('getEpochInfo', []), slotTimeCall(), ...calls.flat()]),
    ]);
    const timing = epochTiming(epochInfo, measuredSlotTime(samples));
    const now: EpochNow = {
      epoch: epochInfo.epoch,
      endsInMs: timing?.endsInMs ?? null,
      epochMs: timing?.epochMs ?? null,
    };
    let at = 0;
    const fromSources = this.sources.flatMap((source, i) => {
      const mine = answers.slice(at, (at += calls[i]!.length));
      return source.read(owner, mine, now);
    });
    const items = [...stakeAccountsWaiting(cached?.stakeAccounts ?? [], now), ...fromSources];
    return { items, epoch: epochInfo.epoch, readAt: Date.now() };
  }

  /** Carries out a source's action on one of its items. */
  act(owner: PublicKey, source: string, id: string): Promise<TxOutcome> {
    const found = this.sources.find((s) => s.name === source);
    if (!found) throw new WalletError('invalid_input', `No source of waiting SOL is called ${source}.`);
    return found.act(owner, id);
  }
}
