// Marinade's routes on its one State: deposit (SOL → mSOL), liquid_unstake (mSOL → SOL through its
// liquidity pool), withdraw_stake_account (mSOL → a stake account of the person's, deactivated in
// the same transaction, SOL the next epoch) and claim of a ticket the person already holds. Each
// reads the State and what the person holds; the delayed route also the two list records its
// cached choice names (by the slice) and that stake account, in the quote's batch: a choice that no
// longer holds, or a simulation the program refuses as stale, is made again (marinade-lists.ts).
// The split stake account is a fresh keypair made here; it signs in the background and nowhere else.
import { Keypair, PublicKey, StakeProgram, type TransactionInstruction } from '@solana/web3.js';
import {
  TOKEN_PROGRAM_ID,
  createAssociatedTokenAccountIdempotentInstruction,
  getAssociatedTokenAddressSync,
} from '@solana/spl-token';
import { MARINADE_STATE } from '../../../shared/marinade';
import { solText as sol } from '../../../shared/format';
import { rawAccount } from '../../chain/raw-account';
import { rpcCall, type RpcResult } from '../../chain/rpc-methods';
import type { TransactionError } from '../../chain/rpc-shapes';
import { msolToLamports } from '../marinade-value';
import {
  claimIx,
  depositIx,
  liquidUnstakeIx,
  withdrawStakeAccountIx,
  type StakeToSplit,
} from '../marinade-instructions';
import {
  chooseStakeToSplit,
  choiceStillHolds,
  decodeStakeRecord,
  decodeValidatorRecord,
  itemCall,
  stakeRecords,
  usedItemsCall,
  validatorRecords,
} from '../marinade-lists';
import { marinadeRefusal } from '../marinade-refusals';
import {
  decodeMarinadeState,
  marinadeAccounts,
  type MarinadeAccounts,
  type MarinadeState,
} from '../marinade-state';
import { decodeTicket, type MarinadeTicket } from '../marinade-tickets';
import { STAKE_ACCOUNT_SIZE, decodeStakeAccount } from '../stake-account';
import type { Answers, Batch, Reads, Route, RoutePlan, Unavailable } from './route-quoter';
import { tokenAmount } from '../../chain/token-account';

export const MARINADE = new PublicKey(MARINADE_STATE);
/** Candidates read to choose a stake to split: the largest recorded ones (one getMultipleAccounts). */
const CANDIDATES = 16;

export type MarinadeAction =
  | { kind: 'deposit'; lamports: bigint }
  | { kind: 'liquid'; msol: bigint }
  | { kind: 'delayed'; msol: bigint }
  | { kind: 'claim'; ticket: PublicKey };

export interface MarinadeRouteState {
  problem: string | null;
  state: MarinadeState | null;
  accounts: MarinadeAccounts | null;
  msolHeld: bigint;
  ownerLamports: bigint;
  epoch: bigint;
  /** Delayed: the stake to split off (null: to choose; noneFor: no stake could pay that much mSOL's worth). */
  choice: StakeToSplit | null | { noneFor: bigint };
  minimumDelegation: bigint;
  stakeAccountRent: bigint;
  /** Claim: the ticket as read now (null: not on chain, or not one of Marinade's). */
  ticket: MarinadeTicket | null;
}

const empty = (): MarinadeRouteState => ({
  problem: null,
  state: null,
  accounts: null,
  msolHeld: 0n,
  ownerLamports: 0n,
  epoch: 0n,
  choice: null,
  minimumDelegation: 0n,
  stakeAccountRent: 0n,
  ticket: null,
});

/** The SOL the delayed route splits off for `msol`: its value less withdraw_stake_account's fee (floored). */
function splitLamportsOf(s: MarinadeState, msol: bigint): bigint {
  const value = msolToLamports(s, msol) ?? 0n;
  return value - (value * BigInt(s.withdrawStakeAccountFeeBpCents)) / 1_000_000n;
}

export function marinadeRoute(
  owner: PublicKey,
  action: MarinadeAction,
  /** Delayed: the new stake account (made by the caller per quote, kept with the quote for the click). */
  split: Keypair | null = null,
): Route<MarinadeRouteState> {
  const msolAccount = (s: MarinadeState) => getAssociatedTokenAddressSync(s.msolMint, owner);
  const delayed = action.kind === 'delayed';

  function reads(seen: MarinadeRouteState): Reads {
    const s = seen.state;
    const choice = seen.choice && 'stakeAccount' in seen.choice ? seen.choice : null;
    return {
      accounts: [
        MARINADE,
        ...(s ? [msolAccount(s)] : []),
        ...(action.kind === 'claim' ? [action.ticket] : []),
        ...(delayed && choice ? [choice.stakeAccount] : []),
      ],
      calls:
        delayed && s && choice
          ? [
              itemCall(s.stakeList, choice.stakeIndex),
              itemCall(s.validatorList, choice.validatorIndex),
              rpcCall('getStakeMinimumDelegation', []),
              rpcCall('getMinimumBalanceForRentExemption', [STAKE_ACCOUNT_SIZE]),
            ]
          : [],
    };
  }

  function decode(got: Answers, seen: MarinadeRouteState): MarinadeRouteState {
    const read = decodeMarinadeState(got.account(MARINADE));
    if (!read.ok) return { ...empty(), problem: read.reason };
    const s = read.state;
    const base: MarinadeRouteState = {
      ...empty(),
      state: s,
      accounts: marinadeAccounts(MARINADE, s),
      msolHeld: seen.state?.msolMint.equals(s.msolMint) ? tokenAmount(got.account(msolAccount(s))) : 0n,
      ownerLamports: got.ownerLamports,
      epoch: got.epoch,
      choice: seen.choice,
    };
    if (action.kind === 'claim') {
      const t = got.account(action.ticket);
      return { ...base, ticket: t ? decodeTicket(action.ticket, t) : null };
    }
    if (!delayed || !seen.choice || !('stakeAccount' in seen.choice)) return base;
    const [stakeItem, validatorItem, minimum, rent] = got.calls as [
      RpcResult<'getAccountInfo'>,
      RpcResult<'getAccountInfo'>,
      RpcResult<'getStakeMinimumDelegation'>,
      number,
    ];
    const choice = seen.choice;
    const bytes = (r: RpcResult<'getAccountInfo'>) => Buffer.from(r.value?.data[0] ?? '', 'base64');
    const stakeAccount = got.account(choice.stakeAccount);
    const holds =
      bytes(stakeItem).length > 0 &&
      bytes(validatorItem).length > 0 &&
      choiceStillHolds(
        choice,
        decodeStakeRecord(bytes(stakeItem), choice.stakeIndex),
        decodeValidatorRecord(bytes(validatorItem), choice.validatorIndex),
        stakeAccount ? decodeStakeAccount(stakeAccount.data) : null,
      );
    return {
      ...base,
      choice: holds ? choice : null,
      minimumDelegation: BigInt(minimum.value),
      stakeAccountRent: BigInt(rent),
    };
  }

  function plan(r: MarinadeRouteState): RoutePlan | Unavailable {
    if (r.problem) return { unavailable: r.problem };
    const s = r.state!;
    const a = r.accounts!;
    if (s.paused)
      return {
        unavailable: 'Marinade is paused by its operators: nothing can be staked or unstaked there now.',
      };
    const msol = msolAccount(s);
    switch (action.kind) {
      case 'deposit':
        return {
          watch: [msol],
          signers: [],
          build: () => [
            createAssociatedTokenAccountIdempotentInstruction(
              owner,
              msol,
              owner,
              s.msolMint,
              TOKEN_PROGRAM_ID,
            ),
            depositIx(a, owner, msol, action.lamports),
          ],
        };
      case 'liquid':
        return {
          watch: [owner, msol],
          signers: [],
          build: () => [liquidUnstakeIx(a, owner, msol, action.msol)],
        };
      case 'claim':
        if (!r.ticket || !r.ticket.beneficiary.equals(owner) || !r.ticket.state.equals(MARINADE))
          return { unavailable: 'That is not a Marinade ticket of this wallet.' };
        return { watch: [owner], signers: [], build: () => [claimIx(a, action.ticket, owner)] };
      case 'delayed': {
        if (!s.withdrawStakeAccountEnabled)
          return { unavailable: 'Marinade has turned off unstaking to a stake account.' };
        const lamports = splitLamportsOf(s, action.msol);
        const floor = r.minimumDelegation > s.minStake ? r.minimumDelegation : s.minStake;
        if (r.minimumDelegation > 0n && lamports < floor)
          return {
            unavailable: `A delayed unstake splits off a stake account of at least ${sol(floor)} (the network’s minimum delegation); this amount is worth ${sol(lamports)}.`,
          };
        if (r.choice && 'noneFor' in r.choice)
          return {
            unavailable: 'None of Marinade’s stake accounts can pay this amount as a stake account now.',
          };
        if (!r.choice) return { unavailable: 'Tidepool has not chosen a Marinade stake account yet.' };
        const stake = r.choice;
        const to = split!.publicKey;
        const deactivate: TransactionInstruction[] = StakeProgram.deactivate({
          stakePubkey: to,
          authorizedPubkey: owner,
        }).instructions;
        return {
          watch: [to],
          signers: [split!],
          build: () => [
            withdrawStakeAccountIx(a, {
              owner,
              msolAccount: msol,
              stake,
              splitStakeAccount: to,
              msolAmount: action.msol,
            }),
            ...deactivate,
          ],
        };
      }
    }
  }

  /** The State (first sight) and, for the delayed route, a stake to split chosen from the lists. */
  async function learn(batch: Batch, seen: MarinadeRouteState | null): Promise<MarinadeRouteState> {
    let s = seen?.state ?? null;
    if (!s) {
      const [info] = (await batch([
        rpcCall('getAccountInfo', [MARINADE.toBase58(), { encoding: 'base64' }]),
      ])) as [RpcResult<'getAccountInfo'>];
      const read = decodeMarinadeState(info.value ? rawAccount(info.value) : null);
      if (!read.ok) return { ...empty(), problem: read.reason };
      s = read.state;
    }
    const known: MarinadeRouteState = {
      ...(seen ?? empty()),
      state: s,
      accounts: marinadeAccounts(MARINADE, s),
    };
    if (!delayed || (known.choice && 'stakeAccount' in known.choice)) return known;
    const [stakeList, validatorList] = (await batch([
      usedItemsCall(s.stakeList),
      usedItemsCall(s.validatorList),
    ])) as [RpcResult<'getAccountInfo'>, RpcResult<'getAccountInfo'>];
    const bytes = (r: RpcResult<'getAccountInfo'>) =>
      new Uint8Array(Buffer.from(r.value?.data[0] ?? '', 'base64'));
    const stakes = stakeRecords(s.stakeList, bytes(stakeList)) ?? [];
    const validators = validatorRecords(s.validatorList, bytes(validatorList)) ?? [];
    const lamports = splitLamportsOf(s, msolOf(action));
    const candidates = stakes
      .filter((x) => !x.isEmergencyUnstaking && x.lastUpdateDelegatedLamports >= lamports + s.minStake)
      .sort((x, y) => (y.lastUpdateDelegatedLamports > x.lastUpdateDelegatedLamports ? 1 : -1))
      .slice(0, CANDIDATES);
    if (!candidates.length) return { ...known, choice: { noneFor: msolOf(action) } };
    const [infos] = (await batch([
      rpcCall('getMultipleAccounts', [
        candidates.map((c) => c.stakeAccount.toBase58()),
        { encoding: 'base64' },
      ]),
    ])) as [RpcResult<'getMultipleAccounts'>];
    const delegations = new Map(
      candidates.map((c, i) => {
        const info = infos.value[i];
        return [c.stakeAccount.toBase58(), info ? decodeStakeAccount(rawAccount(info).data) : null] as const;
      }),
    );
    const choice = chooseStakeToSplit(
      candidates,
      validators,
      (k) => delegations.get(k.toBase58()) ?? null,
      lamports,
      s.minStake,
    );
    return { ...known, choice: choice ?? { noneFor: msolOf(action) } };
  }

  return {
    key: `marinade ${action.kind} ${owner.toBase58()}`,
    ready: (seen) =>
      !!seen.state &&
      (!delayed ||
        (seen.choice !== null && ('stakeAccount' in seen.choice || msolOf(action) >= seen.choice.noneFor))),
    learn,
    reads,
    decode,
    plan,
    forget: (state, err: TransactionError) =>
      delayed && marinadeRefusal(err)?.kind === 'stale_choice' ? { ...state, choice: null } : null,
  };
}

const msolOf = (a: MarinadeAction) => (a.kind === 'delayed' || a.kind === 'liquid' ? a.msol : 0n);

/** A delayed route's own keypair for the stake account it splits off: one per quote. */
export const newSplitAccount = () => Keypair.generate();
