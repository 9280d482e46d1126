// tidepool:stake: the wallet builds the stake or unstake itself, shows its own quote and guarantee
// (stake-review.ts), and on Approve quotes afresh and is held to exactly the guarantee shown: a
// fresh quote that gives less, or no longer an enforced minimum, is refused before signing. The
// transaction is recorded under the request's id (chain/tx-record.ts).
import { PublicKey } from '@solana/web3.js';
import { WalletError } from '../../../shared/errors';
import { dappRoute } from '../../staking/routes/dapp-routes';
import { reviewStake } from '../stake-review';
import { NOT_SIGNED, type DappMethodHandler } from './method';

export const stake: DappMethodHandler<'stake'> = {
  account: (params) => params.account,
  chain: (params) => params.chain,
  gate: async () => null,
  unreviewed: (base) => ({ ...base, method: 'stake', intent: null, transaction: null }),
  async review({ entry, base, active, engine }) {
    const { view, minimum } = await reviewStake(engine, entry.params, active, entry.id);
    return {
      view: { ...base, method: 'stake', ...view, warnings: [...base.warnings, ...view.warnings] },
      minimum,
    };
  },
  async execute({ entry, active, engine }) {
    const { params, state } = entry;
    if (!state.minimum)
      throw new WalletError(
        'invalid_request',
        `This staking request has no quote you approved. ${NOT_SIGNED}`,
      );
    const options = {
      approved: { minimum: BigInt(state.minimum.amount), enforced: state.minimum.enforced },
      recordId: entry.id,
      seedTag: entry.id,
    };
    const owner = new PublicKey(active);
    // INF and mSOL (their own programs, not a stake pool's) go by their routes.
    const route = dappRoute(params);
    if (route) {
      const { outcome } = await engine.routes.execute(owner, route.request, options);
      return { signature: outcome.signature };
    }
    const pool = new PublicKey(params.pool);
    const amount = BigInt(params.amount);
    const { outcome } =
      params.action === 'stake'
        ? await engine.staking.stake(owner, pool, amount, options)
        : await engine.staking.unstake(owner, pool, amount, params.mode ?? 'instant', options);
    return { signature: outcome.signature };
  },
};
