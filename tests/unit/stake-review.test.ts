// tidepool:stake in the approval window: the guarantee it promises is the one the transaction is
// held to, never a referral share beside it; no enforced minimum, or less than 99% of what arrives
// enforced, is named (and blocks for a pool Tidepool does not know); and a failure
// anywhere in the review ends in a blocked view, never an error. In Node, over a FAKE staking
// service (its quotes are set by each test) and a FAKE RPC that reads no account and simulates
// nothing; the real quotes and review run in the chain and e2e suites.
import type { RouteService } from '../../src/background/staking/routes/route-service';
import { Keypair, PublicKey, SystemProgram } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { reviewStake } from '../../src/background/dapp/stake-review';
import type { RpcClient } from '../../src/background/chain/rpc-client';
import { SignatureFee } from '../../src/background/chain/signature-fee';
import { MAINNET_LSTS } from '../../src/background/staking/lst-registry';
import type {
  PreparedStake,
  PreparedUnstake,
  StakingService,
} from '../../src/background/staking/staking-service';
import type { Guarantee } from '../../src/shared/guarantee';
import type { StakeQuote, UnstakeQuote } from '../../src/shared/staking';
import { BUILTIN_NETWORKS, type NetworkInfo } from '../../src/shared/networks';
import { MemoryStorage } from '../support/memory-storage';

const OWNER = Keypair.generate().publicKey.toBase58();
const LOCAL_POOL = Keypair.generate().publicKey.toBase58();
const KNOWN_POOL = MAINNET_LSTS[0]!.pool;
const fee = { numerator: 1n, denominator: 1000n };

/**
 * FAKE RPC of `network`: a blockhash (unless `failBlockhash`), no accounts, a simulation that fails,
 * 5,000 lamports a signature.
 */
function fakeRpc(network: NetworkInfo, { failBlockhash = false } = {}): RpcClient {
  return {
    network,
    async call(method: string) {
      if (method !== 'getLatestBlockhash') throw new Error(`not asked: ${method}`);
      if (failBlockhash) throw new Error('custom RPC: getLatestBlockhash failed');
      return { value: { blockhash: Keypair.generate().publicKey.toBase58() } };
    },
    async batch(calls: { method: string; params: unknown[] }[]) {
      return calls.map((c) =>
        c.method === 'getMultipleAccounts'
          ? { value: (c.params[0] as string[]).map(() => null) }
          : c.method === 'getFeeForMessage'
            ? { value: 5_000 }
            : { value: { err: 'AccountNotFound', logs: [] } },
      );
    },
  } as unknown as RpcClient;
}

/** FAKE staking service: prepares the quote a test gives (on `network`), with one instruction to review. */
function fakeStaking(
  quote: Partial<StakeQuote> | Partial<UnstakeQuote>,
  network: NetworkInfo,
): StakingService {
  const prepared = (pool: PublicKey) => ({
    quote,
    network,
    context: {
      pool: {
        address: pool,
        manager: new PublicKey(OWNER),
        solDepositFee: fee,
        solWithdrawalFee: fee,
        stakeWithdrawalFee: fee,
      },
    },
    instructions: [SystemProgram.transfer({ fromPubkey: new PublicKey(OWNER), toPubkey: pool, lamports: 1 })],
  });
  return {
    prepareStake: async (_owner: PublicKey, pool: PublicKey) => prepared(pool) as unknown as PreparedStake,
    prepareUnstake: async (_owner: PublicKey, pool: PublicKey) =>
      prepared(pool) as unknown as PreparedUnstake,
  } as unknown as StakingService;
}

const tolerance = (amount: string) => ({ bps: 1, amount });
/** The program enforces 1.899999999 of the 1.9 the simulation shows (a 0.01% tolerance off it). */
const ENFORCED: Guarantee = {
  kind: 'enforced',
  minimum: '1899810000',
  tolerance: tolerance('190000'),
  notGuaranteed: [],
};
const UNENFORCED: Guarantee = {
  kind: 'unenforced',
  why: 'build_has_no_bound',
  checked: '1899810000',
  tolerance: tolerance('190000'),
  worstCase: null,
};
/** A 99.99% deposit fee paid back as a 100% referral: 1.9 arrives, 0.00019 of it is the program's. */
const PARTLY = (enforced: bigint): Guarantee => ({
  kind: 'enforced',
  minimum: (enforced - 1n).toString(),
  tolerance: tolerance('1'),
  notGuaranteed: [{ what: 'referral_share', amount: (1_900_000_000n - enforced).toString() }],
});

const stakeQuote = (guarantee: Guarantee): Partial<StakeQuote> => ({
  symbol: 'LST',
  lamportsIn: '2000000000',
  tokensOut: '1900000000',
  guarantee,
});
const unstakeQuote = (guarantee: Guarantee): Partial<UnstakeQuote> => ({
  symbol: 'LST',
  mode: 'instant',
  tokensIn: '1000000000',
  lamportsOut: '1900000000',
  blocked: null,
  guarantee,
});

async function review(
  quote: Partial<StakeQuote> | Partial<UnstakeQuote>,
  { pool = LOCAL_POOL, network = BUILTIN_NETWORKS.localnet, failBlockhash = false } = {},
) {
  const action = 'tokensOut' in quote ? ('stake' as const) : ('unstake' as const);
  const rpc = fakeRpc(network, { failBlockhash });
  return reviewStake(
    {
      rpc,
      fees: new SignatureFee(rpc, new MemoryStorage()),
      staking: fakeStaking(quote, network),
      routes: {} as RouteService, // FAKE: an SPL pool's intent never asks for a route
    },
    { account: OWNER, chain: network.chain, action, pool, amount: '1', mode: 'instant' },
    OWNER,
    'req-1',
  );
}

const severities = (warnings: { code: string; severity: string }[], code: string) =>
  warnings.filter((w) => w.code === code).map((w) => w.severity);

describe('tidepool:stake review', () => {
  it('an enforced minimum: promises exactly it, with the tolerance beside it, and holds execution to it', async () => {
    for (const quote of [stakeQuote(ENFORCED), unstakeQuote(ENFORCED)]) {
      const unit = 'tokensOut' in quote ? 'LST' : 'SOL';
      const { view, minimum } = await review(quote);
      expect(minimum).toEqual({ amount: '1899810000', enforced: true });
      expect(view.intent!.bound).toBe(
        `Guaranteed: at least 1.89981 ${unit}, or the pool program refuses it. That is the quote less your 0.01% tolerance (0.00019 ${unit}).`,
      );
      expect(severities(view.warnings, 'unbounded')).toEqual([]);
      expect(severities(view.warnings, 'partly_bounded')).toEqual([]);
    }
  });

  it('no minimum enforced: says so and why, and blocks for a pool Tidepool does not know', async () => {
    for (const quote of [stakeQuote(UNENFORCED), unstakeQuote(UNENFORCED)]) {
      const { view, minimum } = await review(quote);
      expect(view.intent!.bound).toMatch(
        /^Guaranteed: no minimum is enforced \(this pool’s program build has no minimum-out instruction\)\. Tidepool signs only if a fresh quote just before signing gives at least 1\.89981 (LST|SOL) /,
      );
      expect(view.intent!.bound).not.toMatch(/at least [\d.]+ \w+, or/);
      expect(severities(view.warnings, 'unbounded')).toEqual(['blocking']);
      expect(minimum).toEqual({ amount: '1899810000', enforced: false });
    }
    const known = await review(stakeQuote(UNENFORCED), {
      pool: KNOWN_POOL,
      network: BUILTIN_NETWORKS.mainnet,
    });
    expect(severities(known.view.warnings, 'unknown_pool')).toEqual([]);
    expect(severities(known.view.warnings, 'unbounded')).toEqual(['advisory']);
  });

  it('a referral share the manager can take back: never promised, and blocking for an unknown pool below 99% enforced', async () => {
    const { view, minimum } = await review(stakeQuote(PARTLY(190_000n)));
    expect(view.intent!.bound).toMatch(
      /^Guaranteed: at least 0\.000189999 LST, or the pool program refuses it\./,
    );
    expect(view.intent!.bound).toContain('Plus ≈ 1.89981 LST referral share, not guaranteed');
    expect(view.intent!.bound).not.toMatch(/at least 1\.9/);
    expect(minimum).toEqual({ amount: '189999', enforced: true });
    expect(view.warnings).toContainEqual(
      expect.objectContaining({
        code: 'partly_bounded',
        severity: 'blocking',
        text: expect.stringContaining('holds this transaction to 0.00019 LST of the ≈ 1.9 LST'),
      }),
    );
    const known = await review(stakeQuote(PARTLY(190_000n)), {
      pool: KNOWN_POOL,
      network: BUILTIN_NETWORKS.mainnet,
    });
    expect(severities(known.view.warnings, 'partly_bounded')).toEqual(['advisory']);
    // At exactly 99% enforced the pool may be used; one unit less is refused.
    const line = (1_900_000_000n * 99n) / 100n;
    expect(severities((await review(stakeQuote(PARTLY(line)))).view.warnings, 'partly_bounded')).toEqual([]);
    expect(severities((await review(stakeQuote(PARTLY(line - 1n)))).view.warnings, 'partly_bounded')).toEqual(
      ['blocking'],
    );
  });

  it('a failing RPC or a pool key that does not decode ends in a blocked view, not an error', async () => {
    const offline = await review(stakeQuote(ENFORCED), { failBlockhash: true });
    expect(offline.minimum).toBeNull();
    expect(offline.view.warnings).toContainEqual(
      expect.objectContaining({
        code: 'stake_blocked',
        severity: 'blocking',
        text: expect.stringContaining('getLatestBlockhash failed'),
      }),
    );
    const badPool = await review(stakeQuote(ENFORCED), { pool: 'z'.repeat(44) });
    expect(badPool.minimum).toBeNull();
    expect(badPool.view.warnings).toEqual([
      expect.objectContaining({ code: 'stake_blocked', severity: 'blocking' }),
    ]);
  });
});
