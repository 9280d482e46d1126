import { PublicKey } from '@solana/web3.js';
import { WalletError } from '../../shared/errors';
import { explorerTxUrl, SOLANA_MAINNET_CHAIN } from '../../shared/networks';
import type { PoolSummary, PortfolioView } from '../../shared/staking';
import { recentActivity } from '../activity/activity';
import type { RpcClient } from '../chain/rpc-client';
import { buildSolTransfer, buildTokenTransfer, recipientKey } from '../chain/transfers';
import type { TransactionSender } from '../chain/tx-sender';
import { readOutcome } from '../chain/tx-outcome';
import { MAINNET_LSTS } from '../staking/lst-registry';
import { decodePool, type PoolState } from '../staking/pool-account';
import type { PoolDirectory } from '../staking/pool-directory';
import { AccountRequest } from '../portfolio/account-batch';
import { epochsPerYear } from '../staking/pool-math';
import { summarizePool } from '../staking/pool-summary';
import type { PortfolioService } from '../portfolio/portfolio-service';
import type { StakingService } from '../staking/staking-service';
import type { UiHandlers } from '../ui/router';
import type { Vault } from '../vault/vault';
import { activeOwner } from './active-account';

interface StakingDeps {
  vault: Vault;
  rpc: RpcClient;
  sender: TransactionSender;
  directory: PoolDirectory;
  portfolio: PortfolioService;
  staking: StakingService;
}

export function stakingHandlers({ vault, rpc, sender, directory, portfolio, staking }: StakingDeps) {
  /** Every pool one can stake into here: the registry's on mainnet, all pools of the three programs elsewhere. */
  const listPools = async (): Promise<{ pools: PoolSummary[]; epoch: number }> => {
    const network = await rpc.network();
    const owner = activeOwner(vault);
    let states: PoolState[];
    let epochInfo: { epoch: number; slotsInEpoch: number };
    if (network.chain === SOLANA_MAINNET_CHAIN) {
      // The registry lists more than 100 pools: getMultipleAccounts split by 100 inside one batch.
      const addresses = MAINNET_LSTS.map((l) => l.pool);
      const request = new AccountRequest().add(...addresses);
      const [info, ...accounts] = await rpc.batch([{ method: 'getEpochInfo', params: [{ commitment: 'confirmed' }] }, ...request.calls()]);
      epochInfo = info as typeof epochInfo;
      const read = request.read(accounts);
      states = addresses.flatMap((address) => {
        try {
          return [decodePool(new PublicKey(address), read.get(address) ?? null)];
        } catch {
          return [];
        }
      });
    } else {
      [states, epochInfo] = await Promise.all([directory.allPools(), rpc.call<typeof epochInfo>('getEpochInfo', [{ commitment: 'confirmed' }])]);
    }
    const held = new Set((await portfolio.cached(owner.toBase58(), network))?.lsts.map((l) => l.pool) ?? []);
    const perYear = epochsPerYear(epochInfo.slotsInEpoch);
    const pools = states
      .map((p) => summarizePool(p, { chain: network.chain, epoch: BigInt(epochInfo.epoch), epochsPerYear: perYear, owner }))
      .sort((a, b) => Number(held.has(b.pool)) - Number(held.has(a.pool)) || (BigInt(b.totalLamports) > BigInt(a.totalLamports) ? 1 : -1));
    return { pools, epoch: epochInfo.epoch };
  };

  return {
    'portfolio:get': async ({ refresh }): Promise<PortfolioView> => {
      const owner = activeOwner(vault).toBase58();
      const network = await rpc.network();
      const waiting = sender.pendingHere().then((all) =>
        all.map((p) => ({ signature: p.signature, label: p.label, explorerUrl: explorerTxUrl(p.signature, network) })));
      waiting.catch(() => undefined); // awaited below; this only keeps an early failure from being reported as unhandled
      // A refresh reads the saved copy only if it fails: the popup paints that copy itself.
      if (!refresh) return { portfolio: await portfolio.cached(owner, network), cached: true, error: null, pending: await waiting };
      try {
        const fresh = await portfolio.refresh(owner, network);
        return { portfolio: fresh, cached: false, error: null, pending: await waiting };
      } catch (error) {
        const message = error instanceof WalletError ? error.message : 'The network answered with something Tidepool could not read.';
        return { portfolio: await portfolio.cached(owner, network), cached: true, error: message, pending: await waiting };
      }
    },
    'pools:list': listPools,
    'stake:limits': async ({ pool }) => staking.limits(activeOwner(vault), new PublicKey(pool)),
    'stake:quote': async ({ pool, lamports }) => (await staking.prepareStake(activeOwner(vault), new PublicKey(pool), BigInt(lamports))).quote,
    'stake:execute': async ({ pool, lamports, quoteId, minimumOut }) => staking.stake(activeOwner(vault), new PublicKey(pool), BigInt(lamports), { quoteId, minimumOut: BigInt(minimumOut) }),
    'unstake:quote': async ({ pool, tokens, mode }) => (await staking.prepareUnstake(activeOwner(vault), new PublicKey(pool), BigInt(tokens), mode)).quote,
    'unstake:execute': async ({ pool, tokens, mode, quoteId, minimumOut }) => staking.unstake(activeOwner(vault), new PublicKey(pool), BigInt(tokens), mode, { quoteId, minimumOut: BigInt(minimumOut) }),
    'stakeAccount:withdraw': async ({ address }) => staking.withdrawStakeAccount(activeOwner(vault), new PublicKey(address)),
    'stakeAccount:convertQuote': async ({ address, pool, voter }) =>
      (await staking.prepareConvert(activeOwner(vault), new PublicKey(address), new PublicKey(pool), undefined, voter ? new PublicKey(voter) : undefined)).quote,
    'stakeAccount:convert': async ({ address, pool, quoteId, minimumOut }) =>
      staking.convert(activeOwner(vault), new PublicKey(address), new PublicKey(pool), { quoteId, minimumOut: BigInt(minimumOut) }),
    'send:execute': async ({ to, amount, mint, decimals }) => {
      const owner = activeOwner(vault);
      const recipient = recipientKey(to, owner);
      const units = BigInt(amount);
      if (units === 0n) throw new WalletError('invalid_input', 'The amount must be more than zero.');
      const mintKey = mint ? new PublicKey(mint) : null;
      const instructions = mintKey
        ? await buildTokenTransfer(rpc, owner, recipient, mintKey, units, decimals)
        : await buildSolTransfer(rpc, owner, recipient, units);
      const { tx, lastValidBlockHeight } = await sender.build(owner, instructions);
      await sender.simulate(tx);
      const signature = await sender.signSendConfirm(tx, owner, lastValidBlockHeight, `Send to ${to}`);
      return readOutcome(rpc, signature, owner, mintKey);
    },
    'activity:list': async () => {
      const owner = activeOwner(vault).toBase58();
      const network = await rpc.network();
      const entries = await directory.entries(network.rpcUrl);
      const poolMints = new Set(Object.keys(entries).filter((mint) => entries[mint]));
      const [items, pending] = await Promise.all([recentActivity(rpc, owner, poolMints), sender.pendingHere()]);
      const unconfirmed = pending.filter((p) => !items.some((i) => i.signature === p.signature)).map((p) => ({
        signature: p.signature, explorerUrl: explorerTxUrl(p.signature, network), blockTime: Math.floor(p.createdAt / 1000), kind: 'other' as const,
        summary: `${p.label} (waiting for confirmation)`, failed: false, pending: true,
      }));
      return { items: [...unconfirmed, ...items] };
    },
  } satisfies Partial<UiHandlers>;
}
