// Whose token account an instruction names, and its amounts in the mint's decimals, as far as
// the review read them: shared by the Token and Token-2022 decoders.
import { formatUnits, shortAddress } from '../../../shared/format';
import type { Sink } from './context';

export function tokenHolders(s: Sink) {
  const { ctx } = s;
  const user = ctx.user;
  const mintOf = (account: string) => ctx.tokenAccounts?.get(account)?.mint;
  return {
    mintOf,
    /** A token account whose owner field is the user (read before, or opened for the user here). */
    isUsers: (account: string) =>
      ctx.userTokenAccounts.has(account) || ctx.tokenAccounts?.get(account)?.owner === user,
    /** A token account, with whose it is when the review read it. */
    holder(account: string) {
      const owner = ctx.tokenAccounts?.get(account)?.owner;
      return `${shortAddress(account)}${owner === undefined ? '' : owner === user ? ' (yours)' : ` (owned by ${shortAddress(owner)})`}`;
    },
    /** Base units of `mint` in its decimals when the review read the mint, else as units. */
    amount(units: bigint, mint: string | undefined) {
      const decimals = mint === undefined ? undefined : ctx.decimals?.get(mint);
      return mint !== undefined && decimals !== undefined
        ? `${formatUnits(units, decimals)} of token ${shortAddress(mint)}`
        : `${units} token units`;
    },
  };
}
