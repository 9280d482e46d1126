// litesvm runs no validators, so nothing votes. The validators the localnet is asked to create
// (dev-validators.ts) vote here instead: their newest vote and root follow the chain's slot (written
// into their vote accounts whenever the slot has moved VOTE_REFRESH_SLOTS on, well inside the 128
// slots after which getVoteAccounts calls a validator delinquent), and at each epoch boundary each
// earns its credits per epoch for the epoch that ended, as the vote program's increment_credits
// records them. A validator that stops voting (localnet_setVoteState) keeps its state as it was.
import type { LocalChain } from './chain.ts';
import { decodeVoteState, encodeVoteState, totalCredits, type VoteState } from './vote-state.ts';

const VOTE_REFRESH_SLOTS = 64n;
/** How far a validator's root trails its newest vote (a full tower's depth). */
const ROOT_DISTANCE = 31n;

export class SimulatedVoters {
  /** vote account → credits it earns each epoch. */
  readonly #voters = new Map<string, bigint>();
  #refreshedAt = -VOTE_REFRESH_SLOTS;
  /** An epoch that ended whose credits the next refresh records (one rewrite of each account per epoch). */
  #ended: bigint | null = null;

  constructor(private readonly chain: LocalChain) {
    chain.clock.onAdvance(() => {
      if (this.#ended !== null || chain.slot - this.#refreshedAt >= VOTE_REFRESH_SLOTS) this.refresh();
    });
  }

  /** `vote` votes from now on, earning `creditsPerEpoch` a full epoch; null: it stops voting. */
  set(vote: string, creditsPerEpoch: bigint | null): void {
    if (creditsPerEpoch === null) this.#voters.delete(vote);
    else this.#voters.set(vote, creditsPerEpoch);
  }

  /** `ended` is over: the next move of the slot records the credits every voter earned in it. */
  endEpoch(ended: bigint): void {
    this.#ended = ended;
  }

  /** Every voter's credits for an epoch that ended, and its newest vote at the current slot. */
  refresh(): void {
    const ended = this.#ended;
    this.#ended = null;
    this.#refreshedAt = this.chain.slot;
    for (const [vote, credits] of this.#voters)
      this.#update(vote, (state) =>
        votedAt(
          this.chain,
          ended === null ? state : { ...state, epochCredits: withEarned(state, ended, credits) },
        ),
      );
  }

  #update(vote: string, change: (state: VoteState) => VoteState): void {
    const account = this.chain.indexed.getAccount(vote);
    const state = account && decodeVoteState(vote, account.data);
    if (!account || !state) {
      this.#voters.delete(vote);
      return;
    }
    this.chain.setAccount(vote, { ...account, data: encodeVoteState(change(state)) });
  }
}

/** `state` with `earned` more credits in `epoch` (a new entry when it has none for that epoch). */
function withEarned(state: VoteState, epoch: bigint, earned: bigint): VoteState['epochCredits'] {
  const credits = [...state.epochCredits];
  const last = credits.at(-1);
  if (last && last.epoch === epoch) credits[credits.length - 1] = { ...last, credits: last.credits + earned };
  else {
    const total = totalCredits(state);
    credits.push({ epoch, credits: total + earned, prevCredits: total });
  }
  return credits;
}

/** `state` having just voted at the chain's current slot, with an entry for the current epoch. */
export function votedAt(chain: LocalChain, state: VoteState): VoteState {
  const slot = chain.slot;
  const epochCredits =
    state.epochCredits.at(-1)?.epoch === chain.epoch
      ? state.epochCredits
      : withEarned(state, chain.epoch, 0n);
  return {
    ...state,
    votes: [{ latency: 1, slot, confirmationCount: 1 }],
    rootSlot: slot > ROOT_DISTANCE ? slot - ROOT_DISTANCE : null,
    epochCredits,
    lastTimestamp: { slot, timestamp: BigInt(chain.clock.timeOf(slot)) },
  };
}
