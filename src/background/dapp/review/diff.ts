// Before/after of what the user owns among the writable accounts: the user's SOL, every token
// account whose owner field is the user (Token and Token-2022 only), and every stake account
// whose staker or withdrawer is the user, before or after. The SOL held in the user's other
// accounts (token accounts, nonce accounts, accounts a program keeps under the user's key) is
// summed too, and any of them closed by the transaction is named: a close to someone else moves
// the user's SOL even though the wallet account does not change. Amounts are integers to the end.
import { SystemProgram } from '@solana/web3.js';
import type { StakeAccountChange } from '../../../shared/approval';
import { SOL_DECIMALS, formatUnits, shortAddress, solText } from '../../../shared/format';
import {
  readNonceAuthority,
  readStakeAccount,
  readTokenAccount,
  type Encoded,
  type StakeAccount,
} from './layouts';

export interface Diff {
  solDelta: bigint;
  /**
   * Lamport change of the writable accounts that were the user's before, other than the wallet
   * account and the stake accounts (those are listed one by one).
   */
  otherSolDelta: bigint;
  /** Accounts that were the user's before and no longer exist after (closed, their SOL moved out). */
  closed: string[];
  /** Every writable account that was the user's before or after, whatever its kind. */
  userAccounts: Set<string>;
  /** Net change per mint across the user's token accounts. */
  tokenDeltas: Map<string, bigint>;
  /** Token accounts whose owner field is the user, before or after. */
  userTokenAccounts: Set<string>;
  stake: { address: string; before: StakeAccount | null; after: StakeAccount | null }[];
  /** Accounts that were the user's before and are not after (owner field or authorities changed). */
  lostControl: string[];
  /** The user's own wallet account stops being a plain system account. */
  userAccountAltered: boolean;
}

const SYSTEM = SystemProgram.programId.toBase58();

export function diffAccounts(
  user: string,
  writable: readonly string[],
  before: ReadonlyMap<string, Encoded>,
  after: ReadonlyMap<string, Encoded>,
): Diff {
  const diff: Diff = {
    solDelta: 0n,
    otherSolDelta: 0n,
    closed: [],
    userAccounts: new Set(),
    tokenDeltas: new Map(),
    userTokenAccounts: new Set(),
    stake: [],
    lostControl: [],
    userAccountAltered: false,
  };
  const mine = (s: StakeAccount | null) => !!s && (s.staker === user || s.withdrawer === user);
  for (const address of new Set(writable)) {
    const pre = before.get(address) ?? null;
    const post = after.get(address) ?? null;
    if (address === user) {
      diff.solDelta = BigInt(post?.lamports ?? 0) - BigInt(pre?.lamports ?? 0);
      diff.userAccountAltered =
        !!post && (post.owner !== SYSTEM || Buffer.from(post.data[0], 'base64').length > 0);
      continue;
    }
    const tokenPre = readTokenAccount(pre);
    const tokenPost = readTokenAccount(post);
    const ownedPre = tokenPre?.owner === user ? tokenPre : null;
    const ownedPost = tokenPost?.owner === user ? tokenPost : null;
    const stakePre = readStakeAccount(pre);
    const stakePost = readStakeAccount(post);
    const userBefore =
      pre?.owner === user || !!ownedPre || readNonceAuthority(pre) === user || mine(stakePre);
    const userAfter =
      post?.owner === user || !!ownedPost || readNonceAuthority(post) === user || mine(stakePost);
    if (userBefore || userAfter) diff.userAccounts.add(address);
    if (userBefore && !stakePre) {
      diff.otherSolDelta += BigInt(post?.lamports ?? 0) - BigInt(pre?.lamports ?? 0);
      if (!post || post.lamports === 0) diff.closed.push(address);
    }
    if (readNonceAuthority(pre) === user && post && post.lamports > 0 && readNonceAuthority(post) !== user)
      diff.lostControl.push(address);
    if (ownedPre || ownedPost) {
      diff.userTokenAccounts.add(address);
      if (ownedPre && !ownedPost && tokenPost) diff.lostControl.push(address);
      if (ownedPre) add(diff.tokenDeltas, ownedPre.mint, -ownedPre.amount);
      if (ownedPost) add(diff.tokenDeltas, ownedPost.mint, ownedPost.amount);
    }
    if (mine(stakePre) || mine(stakePost)) {
      diff.stake.push({ address, before: stakePre, after: stakePost });
      // Handed away: it was the user's, its authorities changed, and the user no longer holds both.
      const handedAway =
        !!stakePre &&
        mine(stakePre) &&
        !!stakePost &&
        stakeAuthorityChanged(stakePre, stakePost) &&
        (stakePost.staker !== user || stakePost.withdrawer !== user);
      if (handedAway) diff.lostControl.push(address);
    }
  }
  return diff;
}

const add = (map: Map<string, bigint>, key: string, delta: bigint) =>
  map.set(key, (map.get(key) ?? 0n) + delta);

const stakeAuthorityChanged = (a: StakeAccount, b: StakeAccount) =>
  a.staker !== b.staker || a.withdrawer !== b.withdrawer;

export const lockupChanged = (a: StakeAccount | null, b: StakeAccount | null) =>
  !!a?.lockup &&
  !!b?.lockup &&
  (a.lockup.custodian !== b.lockup.custodian ||
    a.lockup.epoch !== b.lockup.epoch ||
    a.lockup.unixTimestamp !== b.lockup.unixTimestamp);

export function describeStakeChanges(user: string, stake: Diff['stake']): StakeAccountChange[] {
  const words = (s: StakeAccount | null) => {
    if (!s) return 'does not exist';
    const by = (k: string | null) => (k === user ? 'you' : k ? shortAddress(k) : 'none');
    const state = s.voter ? `delegated to ${shortAddress(s.voter)}` : s.state;
    const locked =
      s.lockup && (s.lockup.epoch > 0n || s.lockup.unixTimestamp > 0n)
        ? `; locked (custodian ${by(s.lockup.custodian)})`
        : '';
    return `${solText(s.lamports)}, ${state}; staker ${by(s.staker)}, withdrawer ${by(s.withdrawer)}${locked}`;
  };
  return stake.map(({ address, before, after }) => {
    const delta = (after?.lamports ?? 0n) - (before?.lamports ?? 0n);
    return {
      address,
      before: words(before),
      after: words(after),
      change: delta === 0n ? null : signedUnits(delta, SOL_DECIMALS),
    };
  });
}

export const signedUnits = (amount: bigint, decimals: number) =>
  `${amount > 0n ? '+' : '-'}${formatUnits(amount < 0n ? -amount : amount, decimals)}`;
