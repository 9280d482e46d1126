// Native and liquid staking side by side for the SOL about to be staked, and, for a native stake
// account, the liquid staking token it can become. Pure: everything comes from the validator list
// (validators:list, kept for the epoch) and the portfolio the popup already has, so it costs no
// round trip. Amounts in lamports (bigint); APYs are the list's estimates, in basis points.
import type { ValidatorList, ValidatorView } from './native-staking';
import type { NativeStakeAccount, PoolSummary } from './staking';
import { shortAddress } from './format';

/** How many pools to set beside native staking when none stakes with the chosen validator. */
const BEST_POOLS = 3;

interface LiquidOption {
  pool: PoolSummary;
  /** The pool stakes with the chosen validator (else it is among the best pools). */
  withValidator: boolean;
  /** Lamports a year at the pool's APY, on what is left after its SOL deposit fee. */
  yearlyLamports: bigint;
  depositFeeLamports: bigint;
  /** What an instant unstake of it all would cost now (the SOL withdrawal fee). */
  instantExitFeeLamports: bigint;
}

export interface NativeVsLiquid {
  native: {
    validator: ValidatorView;
    yearlyLamports: bigint | null;
    /** It starts earning here; before, the SOL earns nothing. */
    activatesEpoch: number;
  };
  liquid: LiquidOption[];
}

const feeOf = (lamports: bigint, fee: { numerator: string; denominator: string }) =>
  BigInt(fee.denominator) === 0n ? 0n : (lamports * BigInt(fee.numerator)) / BigInt(fee.denominator);

const yearly = (lamports: bigint, apyBps: number | null) =>
  apyBps === null ? null : (lamports * BigInt(apyBps)) / 10_000n;

const byApy = (a: PoolSummary, b: PoolSummary) => (b.apyBps ?? -1) - (a.apyBps ?? -1);

/** The pools that stake with `vote` and take deposits from this wallet, best APY first. */
function poolsWith(list: ValidatorList, validator: ValidatorView): PoolSummary[] {
  const listed = new Set(validator.pools.map((p) => p.pool));
  return list.pools.filter((p) => listed.has(p.pool) && !p.depositBlocked).sort(byApy);
}

export function compare(list: ValidatorList, validator: ValidatorView, lamports: bigint): NativeVsLiquid {
  const withIt = poolsWith(list, validator);
  const best = list.pools
    .filter((p) => !p.depositBlocked && p.apyBps !== null && !withIt.includes(p))
    .sort(byApy)
    .slice(0, withIt.length ? 0 : BEST_POOLS);
  const option = (pool: PoolSummary, withValidator: boolean): LiquidOption => {
    const depositFeeLamports = feeOf(lamports, pool.solDepositFee);
    const staked = lamports - depositFeeLamports;
    return {
      pool,
      withValidator,
      yearlyLamports: yearly(staked, pool.apyBps) ?? 0n,
      depositFeeLamports,
      instantExitFeeLamports: feeOf(staked, pool.solWithdrawalFee),
    };
  };
  return {
    native: {
      validator,
      yearlyLamports: yearly(lamports, validator.apyBps),
      activatesEpoch: list.epoch + 1,
    },
    liquid: [...withIt.map((p) => option(p, true)), ...best.map((p) => option(p, false))],
  };
}

/** Where a native stake account can go as an LST: the best pool that stakes with its validator, or why none. */
export function convertTarget(
  list: ValidatorList,
  account: NativeStakeAccount,
  epoch: number,
): { pool: PoolSummary } | { reason: string } {
  if (account.state === 'activating')
    return {
      reason: `Pools take only fully active stake: this account can be converted from epoch ${(account.activationEpoch ?? epoch) + 1}.`,
    };
  if (account.state !== 'active' || !account.voter)
    return { reason: 'Only an active, delegated stake account can be converted into an LST.' };
  const validator = list.validators.find((v) => v.vote === account.voter);
  const name = validator?.name ?? shortAddress(account.voter);
  const pools = validator ? poolsWith(list, validator) : [];
  if (!pools.length)
    return {
      reason: `No stake pool on this network stakes with ${name}, so none can take this account: deactivate and withdraw it, or move its stake to a validator a pool lists.`,
    };
  const current = pools.filter((p) => !p.stale);
  if (!current.length)
    return {
      reason: `The pools that stake with ${name} (${pools.map((p) => p.symbol).join(', ')}) have not been updated for epoch ${epoch} yet; they take stake accounts once they are.`,
    };
  return { pool: current[0]! };
}
