// A native staking action quoted from the chain in one round trip: its exact transaction is built
// from what the request names (and what the wallet last learned of the cluster), then read and
// simulated in one JSON-RPC batch with every account it touches, the epoch, the minimum
// delegation, the stake account rent, a blockhash and the slot time. The fresh reads are judged
// by the stake program's rules (native-rules.ts): a refusal is a sentence and nothing is kept to
// sign. When the fresh reads show the plan assumed something else (a withdrawal amount, the rent
// reserve, a seed's address already taken), it is planned and read again (at most 3 trips).
import { StakeProgram, Transaction, type PublicKey } from '@solana/web3.js';
import { WalletError } from '../../shared/errors';
import { shortAddress, solText as sol } from '../../shared/format';
import type { NativeQuote, NativeRequest } from '../../shared/native-staking';
import type { NetworkInfo } from '../../shared/networks';
import type { RpcClient } from '../chain/rpc-client';
import type { SignatureFee } from '../chain/signature-fee';
import type { EncodedAccount } from '../chain/rpc-shapes';
import { simulated, simulationError, type SimulatedTransaction } from '../chain/tx-sender';
import { changes, effectOf, warningsOf } from './native-outcome';
import { planNative, type NativePlan, type StakeFacts } from './native-plan';
import { createdReserve, readAndSimulate, type Read } from './native-read';
import {
  authorityRefusal,
  deactivateRefusal,
  mergeRefusal,
  moveLamportsRefusal,
  moveStakeRefusal,
  stakeRefusal,
  withdrawable,
  type ClusterNow,
  type HeldStake,
} from './native-rules';
import { decodeStakeAccount } from './stake-account';
import { keptForFees, stamp } from './stake-quotes';

const MAX_BATCHES = 3;

export interface PreparedNative {
  quote: NativeQuote;
  /** Its exact transaction, as simulated, on the blockhash of the quote's batch. */
  transaction: SimulatedTransaction;
  /** The network the quote read and simulated on, whose blockhash `transaction` carries. */
  network: NetworkInfo;
  /** What the pending transaction is called until it lands. */
  label: string;
  roundTrips: number;
}

function held(address: PublicKey, account: EncodedAccount | null | undefined): HeldStake {
  const stake =
    account && account.owner === StakeProgram.programId.toBase58()
      ? decodeStakeAccount(Buffer.from(account.data[0], 'base64'))
      : null;
  if (!account || !stake)
    throw new WalletError(
      'not_found',
      `${shortAddress(address.toBase58())} is not a stake account on this network.`,
      { what: 'stake_account' },
    );
  return { address, stake, lamports: BigInt(account.lamports) };
}

const refuse = (sentence: string | null, code: 'invalid_input' | 'not_ready' = 'invalid_input') => {
  if (sentence) throw new WalletError(code, sentence);
};

/**
 * The rules on the fresh reads: throws the person's sentence, or says what the fresh reads make
 * the plan (a new account's reserve, a withdrawal's amount).
 */
function judge(
  owner: PublicKey,
  request: NativeRequest,
  plan: NativePlan,
  read: Read,
  cluster: ClusterNow,
): { reserve?: bigint; withdrawLamports?: bigint } {
  const stakes = plan.stakeAccounts.map((address, i) =>
    plan.created?.address.equals(address) ? null : held(address, read.before[i + 1]),
  );
  const [first, second] = stakes;
  switch (request.kind) {
    case 'stake': {
      const lamports = BigInt(request.lamports);
      refuse(stakeRefusal(lamports, cluster));
      const ownerLamports = BigInt(read.before[0]?.lamports ?? 0);
      const reserve = read.rent;
      const keep = keptForFees(read.networkFee);
      if (lamports + reserve + keep > ownerLamports) {
        const max = ownerLamports - reserve - keep;
        throw new WalletError(
          'insufficient_funds',
          `You have ${sol(ownerLamports)}; a new stake account keeps ${sol(reserve)} for rent and ${sol(keep)} stays for fees, so you can stake at most ${sol(max > 0n ? max : 0n)}.`,
        );
      }
      const vote = read.vote;
      if (!vote || vote.current.length + vote.delinquent.length === 0)
        throw new WalletError(
          'invalid_input',
          `${shortAddress(request.voter)} is not a validator’s vote account on this network.`,
        );
      return { reserve };
    }
    case 'deactivate':
      refuse(authorityRefusal(owner, first!, 'staker'));
      refuse(deactivateRefusal(first!, cluster), 'not_ready');
      return {};
    case 'withdraw': {
      refuse(authorityRefusal(owner, first!, 'withdrawer'));
      const can = withdrawable(first!, cluster);
      if ('refusal' in can) throw new WalletError('not_ready', can.refusal, { what: 'stake_account' });
      return { withdrawLamports: can.lamports };
    }
    case 'merge':
      refuse(authorityRefusal(owner, first!, 'staker'));
      refuse(authorityRefusal(owner, second!, 'staker'));
      refuse(mergeRefusal(first!, second!, cluster));
      return {};
    case 'moveStake':
    case 'moveLamports': {
      refuse(authorityRefusal(owner, first!, 'staker'));
      const lamports = BigInt(request.lamports);
      const rule = request.kind === 'moveStake' ? moveStakeRefusal : moveLamportsRefusal;
      refuse(rule(first!, second!, lamports, cluster));
      return {};
    }
    default: {
      const never: never = request;
      return never;
    }
  }
}

/**
 * The quote for `request`: its transaction simulated in one batch with everything it reads.
 * `facts` is what the wallet last learned of this network (kept by the caller, updated here).
 */
export async function quoteNative(
  rpc: RpcClient,
  fees: SignatureFee,
  owner: PublicKey,
  request: NativeRequest,
  facts: StakeFacts,
  /** Signed without being shown (a one-click action): a withdrawal must be of exactly the amount asked. */
  exact = false,
): Promise<PreparedNative> {
  const asked = request.kind === 'withdraw' ? BigInt(request.lamports) : undefined;
  let withdrawLamports = asked;
  for (let batch = 1; ; batch++) {
    const plan = await planNative(owner, request, facts, withdrawLamports);
    const read = await readAndSimulate(rpc, fees, owner, plan);
    const epoch = BigInt(read.epochInfo.epoch);
    const cluster: ClusterNow = {
      epoch,
      unixNow: BigInt(Math.floor(Date.now() / 1000)),
      minimumDelegation: read.minimumDelegation,
    };
    facts.minimumDelegation = read.minimumDelegation;
    facts.networkFee = read.networkFee;
    // A seed whose address is taken (a quote signed long ago): a new seed, planned again.
    if (plan.created && read.before[1] && batch < MAX_BATCHES) continue;
    const judged = judge(owner, request, plan, read, cluster);
    // A new account's reserve is what the program writes into it; the plan funds it from that.
    const written = plan.created ? createdReserve(read) : undefined;
    const reserve = written ?? judged.reserve;
    if (reserve !== undefined) facts.reserve = reserve;
    if (exact && asked !== undefined && judged.withdrawLamports !== asked)
      throw new WalletError(
        'stale',
        `That stake account now has ${sol(judged.withdrawLamports!)} to withdraw, not the ${sol(asked)} shown; look again. Nothing was signed.`,
        { what: 'stake_account' },
      );
    const replan =
      (plan.created !== null && reserve !== plan.reserve) ||
      (judged.withdrawLamports !== undefined && judged.withdrawLamports !== plan.withdrawLamports);
    if (replan && batch < MAX_BATCHES) {
      withdrawLamports = judged.withdrawLamports;
      continue;
    }
    const sim = read.simulation;
    if (sim.err) throw simulationError(sim.err, sim.logs ?? []);
    const after = sim.accounts ?? [];
    const before = read.before;
    const delta = (i: number) => BigInt(after[i]?.lamports ?? 0) - BigInt(before[i]?.lamports ?? 0);
    // Lamports only move between the accounts it touches; what they lost in all is the fee.
    const fee = -[0, ...plan.stakeAccounts.map((_, i) => i + 1)].reduce((sum, i) => sum + delta(i), 0n);
    const { blockhash, lastValidBlockHeight } = read.blockhash;
    const transaction = new Transaction({ feePayer: owner, blockhash, lastValidBlockHeight }).add(
      ...plan.instructions,
    );
    const quote: NativeQuote = {
      request,
      created: plan.created ? { address: plan.created.address.toBase58(), seed: plan.created.seed } : null,
      ...stamp(),
      epoch: read.epochInfo.epoch,
      networkFeeLamports: fee.toString(),
      solChange: delta(0).toString(),
      accounts: changes(plan, read, epoch),
      minimumDelegation: read.minimumDelegation.toString(),
      effect: effectOf(request, plan, read, epoch),
      warnings: request.kind === 'stake' ? warningsOf(read) : [],
    };
    return {
      quote,
      transaction: simulated({ ok: true }, transaction), // its simulation had no error (above)
      network: rpc.network,
      label: plan.label,
      roundTrips: batch,
    };
  }
}
