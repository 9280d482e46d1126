// Decodes a stake pool account, refusing anything that is not one: the owner must be one of the
// three stake-pool programs, the account type byte must say "stake pool", and the data must hold
// the whole layout. A wrong account is an error, never a garbage rate.
import { PublicKey } from '@solana/web3.js';
import { StakePoolLayout } from '@solana/spl-stake-pool';
import { WalletError } from '../../shared/errors';
import type { StakePoolProgramKind } from '../../shared/staking';
import { knownTokenProgram } from '../chain/token-programs';
import { stakePoolProgramKind } from '../../shared/stake-pool-programs';
import type { RawAccount } from '../chain/raw-account';

const ACCOUNT_TYPE_STAKE_POOL = 1;
/** The whole layout with every Option absent; accounts are allocated at POOL_ACCOUNT_SIZE. */
const POOL_ACCOUNT_MIN_SIZE = 435;
/** Offset of pool_mint, for getProgramAccounts discovery by mint. */
export const POOL_MINT_OFFSET = 162;
/** The whole layout with every Option present: the size pool accounts are created with. */
export const POOL_ACCOUNT_SIZE = 611;

export interface Fee {
  numerator: bigint;
  denominator: bigint;
}

export interface PoolState {
  address: PublicKey;
  programId: PublicKey;
  programKind: StakePoolProgramKind;
  manager: PublicKey;
  staker: PublicKey;
  validatorList: PublicKey;
  reserveStake: PublicKey;
  poolMint: PublicKey;
  managerFeeAccount: PublicKey;
  tokenProgramId: PublicKey;
  totalLamports: bigint;
  poolTokenSupply: bigint;
  lastUpdateEpoch: bigint;
  lastEpochTotalLamports: bigint;
  lastEpochPoolTokenSupply: bigint;
  solDepositAuthority: PublicKey | null;
  solWithdrawAuthority: PublicKey | null;
  preferredWithdrawValidator: PublicKey | null;
  solDepositFee: Fee;
  solReferralFeePercent: number;
  solWithdrawalFee: Fee;
  stakeWithdrawalFee: Fee;
  /** Who must sign stake deposits: the program's default PDA unless the manager restricted it. */
  stakeDepositAuthority: PublicKey;
  stakeDepositFee: Fee;
  stakeReferralFeePercent: number;
}

type BNLike = { toString(): string };
const big = (n: BNLike) => BigInt(n.toString());
const fee = (f: { numerator: BNLike; denominator: BNLike }): Fee => ({
  numerator: big(f.numerator),
  denominator: big(f.denominator),
});
/** An unset optional authority may be encoded as None or as the default key. */
const optionalKey = (key: PublicKey | undefined | null) =>
  key && !key.equals(PublicKey.default) ? key : null;

export function decodePool(address: PublicKey, account: RawAccount | null): PoolState {
  const where = address.toBase58();
  if (!account)
    throw new WalletError('pool_unavailable', `There is no stake pool at ${where} on this network.`);
  const programKind = stakePoolProgramKind(account.owner);
  if (!programKind) {
    throw new WalletError(
      'pool_unavailable',
      `${where} is not a stake pool: it belongs to ${account.owner.toBase58()}, not to one of the three stake-pool programs.`,
    );
  }
  if (account.data.length < POOL_ACCOUNT_MIN_SIZE || account.data[0] !== ACCOUNT_TYPE_STAKE_POOL) {
    throw new WalletError(
      'pool_unavailable',
      `${where} is an account of the stake-pool program but not a stake pool.`,
    );
  }
  let raw: ReturnType<typeof StakePoolLayout.decode>;
  try {
    raw = StakePoolLayout.decode(Buffer.from(account.data));
  } catch {
    throw new WalletError(
      'pool_unavailable',
      `The stake pool at ${where} could not be read: its data is damaged.`,
    );
  }
  // The token program every deposit and withdrawal signs for: never whatever the account data says.
  const tokenProgramId = knownTokenProgram(raw.tokenProgramId);
  if (!tokenProgramId) {
    throw new WalletError(
      'pool_unavailable',
      `The stake pool at ${where} names ${raw.tokenProgramId.toBase58()} as its token program, which is neither SPL Token nor Token-2022. Tidepool will not sign for it.`,
    );
  }
  return {
    address,
    programId: account.owner,
    programKind,
    manager: raw.manager,
    staker: raw.staker,
    validatorList: raw.validatorList,
    reserveStake: raw.reserveStake,
    poolMint: raw.poolMint,
    managerFeeAccount: raw.managerFeeAccount,
    tokenProgramId,
    totalLamports: big(raw.totalLamports),
    poolTokenSupply: big(raw.poolTokenSupply),
    lastUpdateEpoch: big(raw.lastUpdateEpoch),
    lastEpochTotalLamports: big(raw.lastEpochTotalLamports),
    lastEpochPoolTokenSupply: big(raw.lastEpochPoolTokenSupply),
    solDepositAuthority: optionalKey(raw.solDepositAuthority),
    solWithdrawAuthority: optionalKey(raw.solWithdrawAuthority),
    preferredWithdrawValidator: optionalKey(raw.preferredWithdrawValidatorVoteAddress),
    solDepositFee: fee(raw.solDepositFee),
    solReferralFeePercent: raw.solReferralFee,
    solWithdrawalFee: fee(raw.solWithdrawalFee),
    stakeWithdrawalFee: fee(raw.stakeWithdrawalFee),
    stakeDepositAuthority: raw.stakeDepositAuthority,
    stakeDepositFee: fee(raw.stakeDepositFee),
    stakeReferralFeePercent: raw.stakeReferralFee,
  };
}
