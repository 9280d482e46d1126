// How the Infinity and Marinade decoders write a token and who receives it. A token is named wSOL
// for the native mint, else by the registry's symbol (mainnet only), else by a name its program pins
// to the mint (the program checks the mint against its own state: Infinity's pool token, the mint
// of Marinade's one State), else by the mint itself; every name given is kept so that the balance
// lines say the same. Amounts are written with every digit, in the mint's decimals where the review
// read the mint. A payout is the user's only into a token account whose owner field is the user.
import { NATIVE_MINT } from '@solana/spl-token';
import { formatUnits, shortAddress } from '../../../shared/format';
import { registryEntry } from '../../staking/lst-registry';
import type { Sink } from './context';
import { tokenHolders } from './token-holders';

const WSOL = NATIVE_MINT.toBase58();

export function lstTokens(s: Sink) {
  const { ctx } = s;
  const { isUsers } = tokenHolders(s);
  const name = (mint: string, pinned?: string) => {
    // The registry calls the native mint SOL; as a token in an account it is wrapped SOL.
    const label =
      mint === WSOL
        ? 'wSOL'
        : ((ctx.chain && registryEntry(mint, ctx.chain)?.symbol) ?? pinned ?? `token ${shortAddress(mint)}`);
    s.namesToken(mint, label);
    return label;
  };
  const amount = (units: bigint, mint: string, pinned?: string) => {
    const decimals = ctx.decimals?.get(mint);
    return decimals === undefined
      ? `${units} base units of ${name(mint, pinned)}`
      : `${formatUnits(units, decimals)} ${name(mint, pinned)}`;
  };
  return {
    name,
    amount,
    isUsers,
    /** What the program checks before it pays: at least `units`, or the instruction fails. */
    atLeast: (units: bigint, mint: string, pinned?: string) =>
      units === 0n
        ? ' (no minimum: it asks for at least 0)'
        : ` (at least ${amount(units, mint, pinned)} or it fails)`,
    /**
     * Tokens of `mint` paid into `account` by this `what`: the user's (with what the simulation
     * credited, when it did), or a warning naming the account that would receive them.
     */
    paidTo(account: string, mint: string, what: string, pinned?: string): string {
      const label = name(mint, pinned);
      if (isUsers(account)) {
        const credited = ctx.creditedByMint?.get(mint) ?? 0n;
        // ≈: the simulation ran on the chain as it is now; prices may move before it lands.
        return credited > 0n
          ? ` → you receive ≈ ${amount(credited, mint, pinned)}`
          : ` → ${label} to your account ${shortAddress(account)}`;
      }
      s.warn(
        'third_party_recipient',
        `The ${label} from this ${what} goes to token account ${account}, which is not yours: you would pay and ${account} would receive.`,
      );
      return ` → ${label} goes to ${shortAddress(account)} (not your account)`;
    },
  };
}
