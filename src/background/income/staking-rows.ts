// The staking transactions Tidepool sent, as ledger rows: what went in and came out as the chain
// read it back, the network fee, and for an unstake or a conversion the realised result: SOL
// received against what the tokens (or the stake account) cost. Pure.
import type { IncomeBasis, IncomeRow, Money } from '../../shared/income';
import { formatUnits, shortAddress } from '../../shared/format';
import type { StakingRecord } from '../staking/outcomes';
import { valueAt } from './lst-income';

/** What tokens cost: SOL recorded going in (average cost), or valued when the wallet first saw them. */
export interface TokenCost {
  lamports: bigint;
  basis: IncomeBasis;
}

const sol = (lamports: bigint): Money => ({ amount: lamports.toString(), currency: 'SOL', decimals: 9 });
const solText = (lamports: bigint) => `${formatUnits(lamports, 9)} SOL`;
const signedSol = (lamports: bigint) =>
  `${lamports < 0n ? '−' : '+'}${solText(lamports < 0n ? -lamports : lamports)}`;

/** The row of one confirmed staking transaction; `epoch`: the epoch of its slot, when known; `now`: its date until its block's is known. */
export function stakingRow(
  record: StakingRecord,
  epoch: number | null,
  cost: TokenCost | null,
  now: number,
): IncomeRow {
  const tokens = (amount: bigint): Money => ({
    amount: amount.toString(),
    currency: record.symbol,
    decimals: record.decimals,
  });
  const base = {
    id: `tx:${record.signature}`,
    at: record.blockTime === null ? now : record.blockTime * 1000,
    awaitingSlot: record.blockTime === null ? record.slot : null,
    position: record.mint,
    positionLabel: record.symbol,
    feeLamports: record.feeLamports.toString(),
    epochs: epoch === null ? null : ([epoch, epoch] as [number, number]),
    signature: record.signature,
    basis: 'measured' as const,
  };
  const held = (amount: bigint) =>
    `${formatUnits(amount, record.decimals)} ${record.symbol} (mint ${record.mint})`;
  switch (record.kind) {
    case 'stake':
      return {
        ...base,
        type: 'stake',
        received: tokens(record.tokensReceived),
        sent: sol(record.lamportsIn),
        note: `Staked ${solText(record.lamportsIn)} for ${held(record.tokensReceived)}, as the transaction shows.`,
        realised: null,
      };
    case 'convert': {
      const worth = valueAt(record.tokensReceived, {
        lamports: record.poolLamports.toString(),
        supply: record.poolSupply.toString(),
      });
      const result = worth - record.lamportsIn;
      return {
        ...base,
        type: 'stake',
        received: tokens(record.tokensReceived),
        sent: sol(record.lamportsIn),
        note: `Stake account ${shortAddress(record.stakeAccount)} (${solText(record.lamportsIn)}) converted into ${held(record.tokensReceived)}, worth ${solText(worth)} at the pool’s rate when quoted: ${signedSol(result)} realised.`,
        realised: {
          costLamports: record.lamportsIn.toString(),
          resultLamports: result.toString(),
          costBasis: 'measured',
        },
      };
    }
    case 'unstake': {
      const into = record.stakeAccount
        ? ` into stake account ${shortAddress(record.stakeAccount)} (withdrawable once it deactivates)`
        : '';
      const result = cost === null ? null : record.lamportsOut - cost.lamports;
      const costText =
        cost === null
          ? ' What they cost is not known: Tidepool did not see them staked or held before.'
          : ` They cost ${solText(cost.lamports)} (${cost.basis === 'measured' ? 'the SOL staked for them, on average' : 'partly valued when Tidepool first saw them'}): ${signedSol(result!)} realised.`;
      return {
        ...base,
        type: 'unstake',
        received: sol(record.lamportsOut),
        sent: tokens(record.tokensIn),
        note: `Unstaked ${held(record.tokensIn)} for ${solText(record.lamportsOut)}${into}.${costText}`,
        realised:
          cost === null
            ? null
            : {
                costLamports: cost.lamports.toString(),
                resultLamports: result!.toString(),
                costBasis: cost.basis,
              },
      };
    }
    default: {
      const never: never = record;
      return never;
    }
  }
}
