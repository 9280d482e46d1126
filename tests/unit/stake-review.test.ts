// tidepool:stake in the approval window: the bound it promises is the one the transaction is held
// to, an unbounded build is named (and blocks for a pool Tidepool does not know), and a failure
// anywhere in the review ends in a blocked view, never an error. In Node, over a FAKE staking
// service (its quotes are set by each test) and a FAKE RPC that reads no account and simulates
// nothing; the real quotes and review run in the chain and e2e suites.
import { Keypair, PublicKey, SystemProgram } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { reviewStake } from '../../src/background/dapp/stake-review';
import type { RpcClient } from '../../src/background/chain/rpc-client';
import { MAINNET_LSTS } from '../../src/background/staking/lst-registry';
import type {
  PreparedStake,
  PreparedUnstake,
  StakingService,
} from '../../src/background/staking/staking-service';
import type { StakeQuote, UnstakeQuote } from '../../src/shared/staking';
import { BUILTIN_NETWORKS, type NetworkInfo } from '../../src/shared/networks';

const OWNER = Keypair.generate().publicKey.toBase58();
const LOCAL_POOL = Keypair.generate().publicKey.toBase58();
const KNOWN_POOL = MAINNET_LSTS[0]!.pool;
const fee = { numerator: 1n, denominator: 1000n };

/** FAKE RPC of `network`: a blockhash (unless `failBlockhash`), no accounts, a simulation that fails. */
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

const stakeQuote = (bounded: boolean): Partial<StakeQuote> => ({
  symbol: 'LST',
  lamportsIn: '2000000000',
  tokensOut: '1900000000',
  bounded,
  minimumTokensOut: bounded ? '1899999999' : '1900000000',
});
const unstakeQuote = (bounded: boolean): Partial<UnstakeQuote> => ({
  symbol: 'LST',
  mode: 'instant',
  tokensIn: '1000000000',
  lamportsOut: '1050000000',
  blocked: null,
  bounded,
  minimumLamportsOut: bounded ? '1049999999' : '1050000000',
});

async function review(
  quote: Partial<StakeQuote> | Partial<UnstakeQuote>,
  { pool = LOCAL_POOL, network = BUILTIN_NETWORKS.localnet, failBlockhash = false } = {},
) {
  const action = 'tokensOut' in quote ? ('stake' as const) : ('unstake' as const);
  return reviewStake(
    { rpc: fakeRpc(network, { failBlockhash }), staking: fakeStaking(quote, network) },
    { account: OWNER, chain: network.chain, action, pool, amount: '1', mode: 'instant' },
    OWNER,
    'req-1',
  );
}

const severities = (warnings: { code: string; severity: string }[], code: string) =>
  warnings.filter((w) => w.code === code).map((w) => w.severity);

describe('tidepool:stake review', () => {
  it('a bounded build: promises and holds execution to the program-enforced minimum, with no unbounded warning', async () => {
    const staked = await review(stakeQuote(true));
    expect(staked.figures).toEqual({ minimumOut: '1899999999' });
    expect(staked.view.intent!.bound).toBe('You receive at least 1.899999999 LST, or nothing is signed.');
    expect(severities(staked.view.warnings, 'unbounded')).toEqual([]);
    const unstaked = await review(unstakeQuote(true));
    expect(unstaked.figures).toEqual({ minimumOut: '1049999999' });
    expect(unstaked.view.intent!.bound).toBe('You receive at least 1.049999999 SOL, or nothing is signed.');
  });

  it('an unbounded build: says the chain does not enforce the minimum, and blocks for a pool Tidepool does not know', async () => {
    for (const quote of [stakeQuote(false), unstakeQuote(false)]) {
      const { view } = await review(quote);
      expect(view.intent!.bound).toMatch(
        /^Tidepool signs only if a fresh quote just before signing gives at least [\d.]+ (LST|SOL)\. This pool's program does not enforce a minimum/,
      );
      expect(view.intent!.bound).not.toMatch(/or nothing is signed/);
      expect(severities(view.warnings, 'unbounded')).toEqual(['blocking']);
    }
    const known = await review(stakeQuote(false), { pool: KNOWN_POOL, network: BUILTIN_NETWORKS.mainnet });
    expect(severities(known.view.warnings, 'unknown_pool')).toEqual([]);
    expect(severities(known.view.warnings, 'unbounded')).toEqual(['advisory']);
    expect(known.figures).toEqual({ minimumOut: '1900000000' });
  });

  it('a failing RPC or a pool key that does not decode ends in a blocked view, not an error', async () => {
    const offline = await review(stakeQuote(true), { failBlockhash: true });
    expect(offline.figures).toBeNull();
    expect(offline.view.warnings).toContainEqual(
      expect.objectContaining({
        code: 'stake_blocked',
        severity: 'blocking',
        text: expect.stringContaining('getLatestBlockhash failed'),
      }),
    );
    const badPool = await review(stakeQuote(true), { pool: 'z'.repeat(44) });
    expect(badPool.figures).toBeNull();
    expect(badPool.view.warnings).toEqual([
      expect.objectContaining({ code: 'stake_blocked', severity: 'blocking' }),
    ]);
  });
});
