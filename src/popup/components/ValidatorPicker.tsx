// The validator to stake with: every validator of the chain, searchable by name or address and
// sorted by what the person cares about, each with its commission, estimated APY and stake, and
// badges for what they should know (delinquent, superminority, a commission raised or pending, an
// LST that stakes there). Long lists show the first rows and more on request.
import { useMemo, useState } from 'preact/hooks';
import { shortAddress } from '../../shared/format';
import type { ValidatorView } from '../../shared/native-staking';
import { validatorApyText } from '../models/validators';
import { Sol } from './Amounts';

const SORTS = {
  apy: {
    label: 'Estimated APY',
    by: (a: ValidatorView, b: ValidatorView) => (b.apyBps ?? -1) - (a.apyBps ?? -1),
  },
  stake: {
    label: 'Stake',
    by: (a: ValidatorView, b: ValidatorView) =>
      BigInt(b.activatedStake) > BigInt(a.activatedStake) ? 1 : -1,
  },
  commission: {
    label: 'Lowest commission',
    by: (a: ValidatorView, b: ValidatorView) => a.commissionBps - b.commissionBps,
  },
  name: {
    label: 'Name',
    by: (a: ValidatorView, b: ValidatorView) => nameOf(a).localeCompare(nameOf(b)),
  },
} as const;
type Sort = keyof typeof SORTS;
const PAGE = 50;

export const nameOf = (v: ValidatorView) => v.name ?? shortAddress(v.vote);
const percent = (bps: number) => `${(bps / 100).toLocaleString(undefined, { maximumFractionDigits: 2 })} %`;

/** What the person should know about a validator, as short badges (the picker) or sentences (the form). */
export function validatorNotes(v: ValidatorView): { badge: string; sentence: string }[] {
  const notes: { badge: string; sentence: string }[] = [];
  if (v.delinquent)
    notes.push({
      badge: 'Delinquent',
      sentence: 'Delinquent: it has not voted recently and earns nothing while down.',
    });
  if (v.commissionBps >= 10_000)
    notes.push({
      badge: '100 % commission',
      sentence: 'Keeps all inflation rewards: stake with it earns none of them.',
    });
  if (v.commissionRaised)
    notes.push({
      badge: `Commission ${percent(v.commissionRaised.fromBps)} → ${percent(v.commissionBps)}`,
      sentence: `Raised its commission from ${percent(v.commissionRaised.fromBps)} (seen in epoch ${v.commissionRaised.seenEpoch}) to ${percent(v.commissionBps)}.`,
    });
  if (v.commissionPending)
    notes.push({
      badge: 'Commission change pending',
      sentence:
        'A commission change may not have reached rewards yet (changes apply after a full epoch); the APY uses the new one.',
    });
  if (v.superminority)
    notes.push({
      badge: 'Superminority',
      sentence:
        'Among the largest validators that together could halt the network; staking elsewhere spreads that power.',
    });
  if (v.pools.length)
    notes.push({
      badge: `LST: ${v.pools.map((p) => p.symbol).join(', ')}`,
      sentence: `Also staked by ${v.pools.map((p) => p.symbol).join(', ')}: you could hold that as a liquid token instead.`,
    });
  return notes;
}

export function ValidatorPicker({
  validators,
  selected,
  onSelect,
}: {
  validators: ValidatorView[];
  selected: string | null;
  onSelect: (vote: string) => void;
}) {
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<Sort>('apy');
  const [shownCount, setShownCount] = useState(PAGE);
  const matching = useMemo(() => {
    const q = search.trim().toLowerCase();
    const found = q
      ? validators.filter((v) => `${v.name ?? ''} ${v.vote} ${v.identity}`.toLowerCase().includes(q))
      : validators;
    return [...found].sort(SORTS[sort].by);
  }, [validators, search, sort]);
  return (
    <fieldset class="stack">
      <legend>Validator</legend>
      <div class="row">
        <label for="validator-search" class="sr-only">
          Search validators
        </label>
        <input
          id="validator-search"
          type="search"
          placeholder="Search by name or address"
          value={search}
          onInput={(e) => {
            setSearch((e.currentTarget as HTMLInputElement).value);
            setShownCount(PAGE);
          }}
        />
        <label for="validator-sort" class="sr-only">
          Sort validators by
        </label>
        <select
          id="validator-sort"
          value={sort}
          onChange={(e) => setSort((e.currentTarget as HTMLSelectElement).value as Sort)}
        >
          {(Object.keys(SORTS) as Sort[]).map((s) => (
            <option key={s} value={s}>
              {SORTS[s].label}
            </option>
          ))}
        </select>
      </div>
      <div role="radiogroup" aria-label="Validators" class="stack pool-list" data-testid="validator-list">
        {matching.slice(0, shownCount).map((v) => (
          <button
            key={v.vote}
            role="radio"
            aria-checked={selected === v.vote}
            class="pool-option"
            data-vote={v.vote}
            onClick={() => onSelect(v.vote)}
          >
            <strong>{nameOf(v)}</strong>
            <span class="small">
              {percent(v.commissionBps)} commission · {validatorApyText(v)} ·{' '}
              <Sol lamports={v.activatedStake} digits={0} />
            </span>
            {validatorNotes(v).length > 0 && (
              <span class="small muted">
                {validatorNotes(v)
                  .map((n) => n.badge)
                  .join(' · ')}
              </span>
            )}
          </button>
        ))}
        {!matching.length && <p class="muted">No validator matches.</p>}
      </div>
      {matching.length > shownCount && (
        <button type="button" onClick={() => setShownCount(shownCount + PAGE)}>
          Show more ({matching.length - shownCount} left)
        </button>
      )}
    </fieldset>
  );
}
