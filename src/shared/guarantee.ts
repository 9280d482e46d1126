// What a quoted transaction is guaranteed to give the person, and by whom. Only what the program
// itself refuses to go below is a guarantee ("enforced"); what the simulation also shows arriving
// but the program does not hold the transaction to (a referral share, a fee account that happens to
// be the person's) is named beside it as not guaranteed; a route with no minimum the program holds
// it to is "unenforced", with the worst case when one is known. Amounts are in the quote's output
// unit (pool-token base units for a deposit, lamports for an unstake): bigint in the background,
// decimal strings across the UI protocol (Guarantee<string>, the default).

/** Why no program holds this transaction to a minimum. */
export type UnenforcedReason =
  /** The program build on this network has no *WithSlippage instruction for it. */
  | 'build_has_no_bound'
  /** The enforced part, less the tolerance, rounds to nothing: a bound of 0 bounds nothing. */
  | 'bound_rounds_to_nothing'
  /**
   * stake-pool WithdrawStakeWithSlippage checks its minimum before it cuts a withdrawal that empties
   * a validator's stake account down to what that account holds (solana-program/stake-pool #882).
   */
  | 'validator_removal'
  /** The program's instruction for this route takes no minimum at all (e.g. Marinade's deposit, liquid_unstake). */
  | 'route_takes_no_minimum';

/** Arrives with the transaction as simulated, but the program does not hold the transaction to it. */
export interface NotGuaranteed<A = string> {
  /** referral_share: the pool's referral fee paid back to the person's own account (the manager sets the
   * percentage, at once); fee_account_share: the pool's fee account is the person's (the manager can move it). */
  what: 'referral_share' | 'fee_account_share';
  amount: A;
}

/** How far below the simulation the person lets the figure go, so rounding elsewhere does not refuse it. */
interface Tolerance<A = string> {
  /** The person's setting, in basis points of the enforced part (Settings; at most MAX_TOLERANCE_BPS). */
  bps: number;
  /** What that came to here, in the output unit (rounded up: any setting takes at least one unit). */
  amount: A;
}

export type Guarantee<A = string> =
  | {
      kind: 'enforced';
      /** The program refuses the transaction if the person would get less than this. */
      minimum: A;
      tolerance: Tolerance<A>;
      /** Beyond `minimum + tolerance`, what the simulation shows arriving that nothing guarantees. */
      notGuaranteed: NotGuaranteed<A>[];
    }
  | {
      kind: 'unenforced';
      why: UnenforcedReason;
      /** Tidepool signs only if a fresh quote just before signing gives this; the chain is not held to it. */
      checked: A;
      tolerance: Tolerance<A>;
      /** The least the transaction can give whatever happens before it lands, when that is known. */
      worstCase: A | null;
    };

/** The most a person may choose as tolerance: 1 %. */
export const MAX_TOLERANCE_BPS = 100;
/** The default: 0.01 %, at least one base unit (README: what it covers). */
export const DEFAULT_TOLERANCE_BPS = 1;

/** The figure execution is held to: by the program when enforced, by Tidepool's check before signing when not. */
export const heldTo = <A>(g: Guarantee<A>): A => (g.kind === 'enforced' ? g.minimum : g.checked);

/** "0.01%" */
export const toleranceText = (bps: number) => `${(bps / 100).toFixed(2).replace(/\.?0+$/, '')}%`;

const UNENFORCED_TEXT: Record<UnenforcedReason, string> = {
  build_has_no_bound: 'this pool’s program build has no minimum-out instruction',
  bound_rounds_to_nothing: 'the amount is too small for a minimum above nothing',
  validator_removal:
    'the pool program does not hold a withdrawal that empties a validator’s stake account to its minimum, and other withdrawals landing first can make this one do that',
  route_takes_no_minimum: 'the program’s instruction for this route takes no minimum',
};

const NOT_GUARANTEED_TEXT: Record<NotGuaranteed['what'], string> = {
  referral_share: 'referral share',
  fee_account_share: 'of the pool’s fees (its fee account is yours now)',
};

/**
 * The guarantee in words, for every screen that shows one: the headline, to follow "Guaranteed:"
 * (never a figure larger than the enforced one), and sentences to show beside it. `amount` formats
 * an output amount with its unit.
 */
export function guaranteeText(
  g: Guarantee,
  amount: (units: string) => string,
): { headline: string; notes: string[] } {
  const tolerance = `your ${toleranceText(g.tolerance.bps)} tolerance (${amount(g.tolerance.amount)})`;
  if (g.kind === 'enforced') {
    return {
      headline: `at least ${amount(g.minimum)}, or the pool program refuses it`,
      notes: [
        `That is the quote less ${tolerance}.`,
        ...g.notGuaranteed.map(
          (x) =>
            `Plus ≈ ${amount(x.amount)} ${NOT_GUARANTEED_TEXT[x.what]}, not guaranteed: the pool’s manager can change it before your transaction lands.`,
        ),
      ],
    };
  }
  return {
    headline: `no minimum is enforced (${UNENFORCED_TEXT[g.why]})`,
    notes: [
      `Tidepool signs only if a fresh quote just before signing gives at least ${amount(g.checked)} (the quote less ${tolerance}).`,
      g.worstCase === null
        ? 'What you receive is set when the transaction runs, and may be less.'
        : `Worst case: ${amount(g.worstCase)}.`,
    ],
  };
}

/** The guarantee as one paragraph (the approval window's). */
export function guaranteeSentence(g: Guarantee, amount: (units: string) => string): string {
  const { headline, notes } = guaranteeText(g, amount);
  return [`Guaranteed: ${headline}.`, ...notes].join(' ');
}
