// The portfolio of one account on one network: SOL, every token account, the pools behind its
// LSTs, its stake accounts and the epoch — in one HTTP round trip (a JSON-RPC batch) whenever the
// pools are already known, which they are after the first sight of a token. The last portfolio is
// cached so the popup paints at once and refreshes behind it.
import { PublicKey, StakeProgram } from '@solana/web3.js';
import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from '@solana/spl-token';
import type { NetworkInfo } from '../../shared/networks';
import type { LstPosition, Portfolio } from '../../shared/staking';
import type { EncodedAccount, RpcClient } from '../chain/rpc-client';
import type { StorageArea } from '../storage';
import { decodePool, type PoolState } from './pool-account';
import { rawAccount, type PoolDirectory } from './pool-directory';
import { epochsPerYear, lamportsForPoolTokens, withdraw } from './pool-math';
import { summarizePool } from './pool-summary';
import { STAKE_ACCOUNT_SIZE, STAKE_WITHDRAWER_OFFSET, decodeStakeAccount, toNativeStakeAccount } from './stake-account';

const MS_PER_SLOT = 400;

interface ParsedTokenAccount {
  pubkey: string;
  account: { owner: string; data: { parsed: { info: { mint: string; tokenAmount: { amount: string; decimals: number } } } } };
}
interface EpochInfo { epoch: number; slotIndex: number; slotsInEpoch: number }
type Encoded = EncodedAccount;

export interface DelayedUnstakeRecord { stakeAccount: string; pool: string; createdAt: number }

export class PortfolioService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly storage: StorageArea,
    private readonly directory: PoolDirectory,
  ) {}

  #cacheKey = (owner: string, rpcUrl: string) => `portfolio:${rpcUrl}:${owner}`;

  async cached(owner: string, network: NetworkInfo): Promise<Portfolio | null> {
    return (await this.storage.get<Portfolio>(this.#cacheKey(owner, network.rpcUrl))) ?? null;
  }

  async refresh(owner: string, network: NetworkInfo): Promise<Portfolio> {
    const ownerKey = new PublicKey(owner);
    const entries = await this.directory.entries(network.rpcUrl);
    const previous = await this.cached(owner, network);
    // Pools of every LST this account held last time, known before asking: one round trip.
    const expectedPools = [...new Set((previous?.lsts ?? []).map((l) => l.pool).concat(
      (previous?.tokens ?? []).flatMap((t) => (entries[t.mint] ? [entries[t.mint]!] : [])),
    ))].slice(0, 100);
    const [balance, tokens, tokens2022, epochInfo, stakes, pools] = await this.rpc.batch([
      { method: 'getBalance', params: [owner, { commitment: 'confirmed' }] },
      { method: 'getTokenAccountsByOwner', params: [owner, { programId: TOKEN_PROGRAM_ID.toBase58() }, { encoding: 'jsonParsed', commitment: 'confirmed' }] },
      { method: 'getTokenAccountsByOwner', params: [owner, { programId: TOKEN_2022_PROGRAM_ID.toBase58() }, { encoding: 'jsonParsed', commitment: 'confirmed' }] },
      { method: 'getEpochInfo', params: [{ commitment: 'confirmed' }] },
      { method: 'getProgramAccounts', params: [StakeProgram.programId.toBase58(), {
        encoding: 'base64', commitment: 'confirmed',
        filters: [{ dataSize: STAKE_ACCOUNT_SIZE }, { memcmp: { offset: STAKE_WITHDRAWER_OFFSET, bytes: owner } }],
      }] },
      { method: 'getMultipleAccounts', params: [expectedPools, { encoding: 'base64', commitment: 'confirmed' }] },
    ]) as [{ value: number }, { value: ParsedTokenAccount[] }, { value: ParsedTokenAccount[] }, EpochInfo, { pubkey: string; account: Encoded }[], { value: (Encoded | null)[] }];

    const poolByMint = new Map<string, PoolState>();
    pools.value.forEach((account, i) => {
      if (!account) return;
      try {
        const pool = decodePool(new PublicKey(expectedPools[i]!), rawAccount(account));
        poolByMint.set(pool.poolMint.toBase58(), pool);
      } catch {
        // a pool that is gone or changed is looked up again below
      }
    });

    const held = [...tokens.value, ...tokens2022.value].map((t) => ({
      tokenAccount: t.pubkey, mint: t.account.data.parsed.info.mint, programId: t.account.owner,
      balance: BigInt(t.account.data.parsed.info.tokenAmount.amount), decimals: t.account.data.parsed.info.tokenAmount.decimals,
    }));
    // First sight of a mint (or a pool that moved): one more round trip, then it is remembered.
    const unknown: string[] = [];
    const knownNotFetched: string[] = [];
    for (const t of held) {
      if (poolByMint.has(t.mint)) continue;
      const pool = await this.directory.poolFor(t.mint, network.rpcUrl, network.chain);
      if (pool === undefined) unknown.push(t.mint);
      else if (pool !== null) knownNotFetched.push(t.mint);
    }
    for (const pool of await this.directory.discover([...new Set([...unknown, ...knownNotFetched])], network.rpcUrl)) {
      poolByMint.set(pool.poolMint.toBase58(), pool);
    }

    const epoch = BigInt(epochInfo.epoch);
    const perYear = epochsPerYear(epochInfo.slotsInEpoch, MS_PER_SLOT);
    const lsts: LstPosition[] = [];
    const others: Portfolio['tokens'] = [];
    for (const t of held) {
      const pool = poolByMint.get(t.mint);
      if (!pool) {
        others.push({ mint: t.mint, tokenAccount: t.tokenAccount, balance: t.balance.toString(), decimals: t.decimals, programId: t.programId });
        continue;
      }
      const summary = summarizePool(pool, { chain: network.chain, epoch, epochsPerYear: perYear, owner: ownerKey, decimals: t.decimals });
      lsts.push({
        ...summary, tokenAccount: t.tokenAccount, balance: t.balance.toString(),
        valueLamports: lamportsForPoolTokens(pool, t.balance).toString(),
        instantUnstakeLamports: withdraw(pool, t.balance, pool.solWithdrawalFee).lamports.toString(),
      });
    }
    lsts.sort((a, b) => (BigInt(b.valueLamports) > BigInt(a.valueLamports) ? 1 : -1));

    const fromPool = new Set((await this.delayedUnstakes()).map((r) => r.stakeAccount));
    const stakeAccounts = stakes.flatMap(({ pubkey, account }) => {
      const decoded = decodeStakeAccount(Buffer.from(account.data[0], 'base64'));
      return decoded ? [toNativeStakeAccount(pubkey, BigInt(account.lamports), decoded, epoch, fromPool.has(pubkey))] : [];
    });

    const total = BigInt(balance.value)
      + lsts.reduce((sum, l) => sum + BigInt(l.valueLamports), 0n)
      + stakeAccounts.reduce((sum, s) => sum + BigInt(s.lamports), 0n);
    const portfolio: Portfolio = {
      owner, rpcUrl: network.rpcUrl, epoch: epochInfo.epoch,
      epochEndsInMs: (epochInfo.slotsInEpoch - epochInfo.slotIndex) * MS_PER_SLOT,
      solLamports: String(balance.value), lsts, stakeAccounts, tokens: others,
      totalLamports: total.toString(), fetchedAt: Date.now(),
    };
    await this.storage.set({ [this.#cacheKey(owner, network.rpcUrl)]: portfolio });
    return portfolio;
  }

  async delayedUnstakes(): Promise<DelayedUnstakeRecord[]> {
    return (await this.storage.get<DelayedUnstakeRecord[]>('delayedUnstakes')) ?? [];
  }

  async recordDelayedUnstake(record: DelayedUnstakeRecord): Promise<void> {
    await this.storage.set({ delayedUnstakes: [...(await this.delayedUnstakes()), record].slice(-200) });
  }
}
