// The popup's money methods: each one call on an engine service for the active account.
import { PublicKey } from '@solana/web3.js';
import type { Engine } from '../engine';
import type { UiHandlers } from '../ui/router';
import type { Vault } from '../vault/vault';
import { activeOwner } from './active-account';

type StakingDeps = Pick<Engine, 'staking' | 'portfolioReader' | 'pools' | 'transfers' | 'activity'> & {
  vault: Vault;
};

export function stakingHandlers({
  vault,
  staking,
  portfolioReader,
  pools,
  transfers,
  activity,
}: StakingDeps) {
  return {
    'portfolio:get': async ({ refresh }) => portfolioReader.read(activeOwner(vault).toBase58(), refresh),
    'pools:list': async () => pools.list(activeOwner(vault)),
    'stake:limits': async ({ pool }) => staking.limits(activeOwner(vault), new PublicKey(pool)),
    'stake:quote': async ({ pool, lamports }) =>
      (await staking.prepareStake(activeOwner(vault), new PublicKey(pool), BigInt(lamports))).quote,
    'stake:execute': async ({ pool, lamports, quoteId, minimumOut }) =>
      staking.stake(activeOwner(vault), new PublicKey(pool), BigInt(lamports), {
        quoteId,
        minimumOut: BigInt(minimumOut),
      }),
    'unstake:quote': async ({ pool, tokens, mode }) =>
      (await staking.prepareUnstake(activeOwner(vault), new PublicKey(pool), BigInt(tokens), mode)).quote,
    'unstake:execute': async ({ pool, tokens, mode, quoteId, minimumOut }) =>
      staking.unstake(activeOwner(vault), new PublicKey(pool), BigInt(tokens), mode, {
        quoteId,
        minimumOut: BigInt(minimumOut),
      }),
    'stakeAccount:withdraw': async ({ address }) =>
      staking.withdrawStakeAccount(activeOwner(vault), new PublicKey(address)),
    'stakeAccount:convertQuote': async ({ address, pool, voter }) =>
      (
        await staking.prepareConvert(
          activeOwner(vault),
          new PublicKey(address),
          new PublicKey(pool),
          undefined,
          voter ? new PublicKey(voter) : undefined,
        )
      ).quote,
    'stakeAccount:convert': async ({ address, pool, quoteId, minimumOut }) =>
      staking.convert(activeOwner(vault), new PublicKey(address), new PublicKey(pool), {
        quoteId,
        minimumOut: BigInt(minimumOut),
      }),
    'send:execute': async (request) => transfers.send(activeOwner(vault), request),
    'activity:list': async () => activity.list(activeOwner(vault).toBase58()),
  } satisfies Partial<UiHandlers>;
}
