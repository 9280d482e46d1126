// getVoteAccounts as Agave 4.x answers it (rpc.rs get_vote_accounts; rpc-client-types response.rs):
// every initialized vote account with the stake effective in the current epoch, split into current
// and delinquent by how far its newest vote is behind the slot, each with its newest 5 epochs of
// credits and its inflation commission in basis points beside the old whole-percent field.
import { STAKE_PROGRAM_ID, VOTE_PROGRAM_ID, type StoredAccount } from './accounts.ts';
import type { LocalChain } from './chain.ts';
import { pubkeyParam, type Json } from './encoding.ts';
import { slotParam } from './rpc-errors.ts';
import { readConfig, type Method } from './rpc-method.ts';
import { decodeDelegation, effectiveStake } from './stake-state.ts';
import { decodeVoteState, lastVotedSlot, type VoteState } from './vote-state.ts';

/** DELINQUENT_VALIDATOR_SLOT_DISTANCE: a newest vote further behind than this is delinquent. */
const DELINQUENT_SLOT_DISTANCE = 128n;
/** MAX_RPC_VOTE_ACCOUNT_INFO_EPOCH_CREDITS_HISTORY. */
const EPOCH_CREDITS_SHOWN = 5;

/** One validator as getVoteAccounts lists it. */
export interface VoteAccountInfo {
  votePubkey: string;
  nodePubkey: string;
  activatedStake: number;
  epochVoteAccount: boolean;
  commission: number;
  inflationRewardsCommissionBps: number;
  lastVote: number;
  epochCredits: [number, number, number][];
  rootSlot: number;
}

/** The stake each vote account has in `epoch`, summed over the delegations to it. */
function stakeByVote(chain: LocalChain, epoch: bigint): Map<string, bigint> {
  const stakes = new Map<string, bigint>();
  for (const { account } of chain.getProgramAccounts(STAKE_PROGRAM_ID)) {
    const delegation = decodeDelegation(account.data);
    if (!delegation) continue;
    const stake = effectiveStake(delegation, epoch);
    if (stake > 0n) stakes.set(delegation.voter, (stakes.get(delegation.voter) ?? 0n) + stake);
  }
  return stakes;
}

export function validatorRpcMethods(chain: LocalChain): Record<string, Method> {
  // Decoded once per version of each account: the index hands out a new object on every write.
  const decoded = new WeakMap<StoredAccount, VoteState | null>();
  const stateOf = (address: string, account: StoredAccount) => {
    if (!decoded.has(account)) decoded.set(account, decodeVoteState(address, account.data));
    return decoded.get(account)!;
  };
  return {
    getVoteAccounts: ([rawConfig]) => {
      const config = readConfig(chain, rawConfig);
      const only = config.votePubkey === undefined ? null : pubkeyParam(config.votePubkey, 'votePubkey');
      const behind =
        config.delinquentSlotDistance === undefined
          ? DELINQUENT_SLOT_DISTANCE
          : slotParam(config.delinquentSlotDistance, 'delinquentSlotDistance');
      const stakes = stakeByVote(chain, chain.epoch);
      const current: VoteAccountInfo[] = [];
      const delinquent: VoteAccountInfo[] = [];
      for (const { address, account } of chain.getProgramAccounts(VOTE_PROGRAM_ID)) {
        if (only && address !== only) continue;
        const state = stateOf(address, account);
        if (!state) continue;
        const stake = stakes.get(address) ?? 0n;
        const lastVote = lastVotedSlot(state) ?? 0n;
        const bps = state.inflationRewardsCommissionBps;
        const info: VoteAccountInfo = {
          votePubkey: address,
          nodePubkey: state.nodePubkey,
          activatedStake: Number(stake),
          epochVoteAccount: stake > 0n,
          commission: Math.min(Math.floor(bps / 100), 255),
          inflationRewardsCommissionBps: bps,
          lastVote: Number(lastVote),
          epochCredits: state.epochCredits
            .slice(-EPOCH_CREDITS_SHOWN)
            .map((c) => [Number(c.epoch), Number(c.credits), Number(c.prevCredits)]),
          rootSlot: Number(state.rootSlot ?? 0n),
        };
        const voting = chain.slot >= behind ? lastVote > chain.slot - behind : lastVote > 0n;
        if (voting) current.push(info);
        else if (stake > 0n || config.keepUnstakedDelinquents === true) delinquent.push(info);
      }
      return { current, delinquent } as unknown as Json;
    },
  };
}
