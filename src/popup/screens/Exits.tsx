// Every way out of one LST into SOL, side by side: the pool's reserve, a stake account, Marinade's
// liquidity pool, Infinity's swap — what you get, when, the fee, and whether the program guarantees
// it (the guarantee's own words), quoted together in one batch; each route that cannot be taken
// now says why. The instant route that gives the most is preselected; one click takes the chosen one.
import { useState } from 'preact/hooks';
import { SOL_DECIMALS } from '../../shared/format';
import { guaranteeText } from '../../shared/guarantee';
import type { ExitOption, RouteQuote } from '../../shared/routes';
import type { HeldLst, TxOutcome, UnstakeQuote } from '../../shared/staking';
import { formatUnits } from '../../shared/format';
import { call } from '../../ui/client';
import { useAction } from '../../ui/use-action';
import { AmountField, parseAmount } from '../components/AmountField';
import { Sol, Tokens } from '../components/Amounts';
import { ExecuteButton } from '../components/ExecuteButton';
import { OutcomeScreen } from '../components/OutcomeScreen';
import { heldLsts, loadPortfolio } from '../models/portfolio';
import { approvedOf, useQuote } from '../models/quote';

type Available = Extract<ExitOption, { available: true }>;
type Taken = { option: Available; outcome: TxOutcome };

const key = (o: ExitOption) => o.title;

export function Exits({ mint }: { mint: string }) {
  const lst = heldLsts.value.find((l) => l.mint === mint) ?? null;
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const [taken, setTaken] = useState<Taken | null>(null);
  const parsed = parseAmount(text, lst?.decimals ?? 9);
  const { quote, error, loading } = useQuote(lst && parsed.units ? `${mint}:${parsed.units}` : null, () =>
    call('exits:quote', { mint, amount: parsed.units!.toString() }),
  );
  const options = quote?.options ?? [];
  const available = options.filter((o): o is Available => o.available);
  const selected =
    available.find((o) => key(o) === chosen) ?? available.find((o) => o.best) ?? available[0] ?? null;
  const take = useAction(async () => {
    const option = selected!;
    const approved = approvedOf(option.guarantee);
    const { outcome } =
      option.via.kind === 'pool'
        ? await call('unstake:execute', {
            pool: option.via.pool,
            tokens: parsed.units!.toString(),
            mode: option.via.mode,
            quoteId: option.quote.quoteId,
            ...approved,
          })
        : await call('route:execute', {
            request: option.via.request,
            quoteId: option.quote.quoteId,
            ...approved,
          });
    setTaken({ option, outcome });
    setText('');
    void loadPortfolio();
  });
  if (!lst) return <main class="screen">This account no longer holds that token.</main>;
  if (taken) return <ExitOutcome taken={taken} again={() => setTaken(null)} />;
  const reason =
    parsed.error ??
    (!parsed.units
      ? 'Enter an amount'
      : (error ??
        (loading || !quote ? 'Getting quotes…' : selected ? null : 'No route can take this amount now')));
  return (
    <main class="screen stack">
      <h2>Unstake {lst.symbol}: every route</h2>
      <AmountField
        value={text}
        onValue={setText}
        decimals={lst.decimals}
        symbol={lst.symbol}
        error={parsed.error ?? error}
        max={BigInt(lst.balance)}
      />
      {options.length > 0 && (
        <fieldset data-testid="exit-routes" aria-live="polite">
          <legend>Routes to SOL</legend>
          {options.map((o) => (
            <ExitRow
              key={key(o)}
              option={o}
              lst={lst}
              checked={selected !== null && key(selected) === key(o)}
              onChoose={() => setChosen(key(o))}
            />
          ))}
        </fieldset>
      )}
      <ExecuteButton
        action={take}
        reason={reason}
        label={selected ? `Unstake by ${selected.title}` : 'Unstake'}
        busyLabel="Unstaking…"
      />
    </main>
  );
}

function ExitRow({
  option,
  lst,
  checked,
  onChoose,
}: {
  option: ExitOption;
  lst: HeldLst;
  checked: boolean;
  onChoose: () => void;
}) {
  if (!option.available)
    return (
      <label class="choice" data-testid="exit-route" data-available="false">
        <input type="radio" name="exit" disabled />
        <span>
          <strong>{option.title}</strong> <span class="muted small">unavailable: {option.reason}</span>
        </span>
      </label>
    );
  const unit = option.when.kind === 'now' ? 'SOL' : 'SOL in a stake account';
  const { headline, notes } = guaranteeText(
    option.guarantee,
    (u) => `${formatUnits(BigInt(u), SOL_DECIMALS)} ${unit}`,
  );
  return (
    <label
      class="choice"
      data-testid="exit-route"
      data-available="true"
      data-best={option.best ? 'true' : undefined}
    >
      <input type="radio" name="exit" checked={checked} onChange={onChoose} />
      <span>
        <strong>{option.title}</strong>
        {option.best && <span class="badge"> best now</span>}
        <span class="block">
          You get{' '}
          <strong data-testid="exit-received">
            <Sol lamports={option.receivedLamports} digits={SOL_DECIMALS} />
          </strong>{' '}
          {option.when.kind === 'now' ? 'now' : `in a stake account, SOL from epoch ${option.when.epoch}`}
          {option.fee ? ` · fee ${option.fee}` : ' · no fee'} · for{' '}
          <Tokens amount={givenOf(option.quote)} decimals={lst.decimals} symbol={lst.symbol} />
        </span>
        <span class="muted small block" data-testid="exit-guarantee" data-kind={option.guarantee.kind}>
          Guaranteed: {headline}. {notes.join(' ')}
          {option.caveat ? ` ${option.caveat}` : ''}
        </span>
      </span>
    </label>
  );
}

const givenOf = (q: RouteQuote | UnstakeQuote) => ('tokensIn' in q ? q.tokensIn : q.given.amount);

/** What the chain says arrived. */
function ExitOutcome({ taken, again }: { taken: Taken; again: () => void }) {
  const { option, outcome } = taken;
  return (
    <OutcomeScreen
      title={option.when.kind === 'now' ? 'Unstaked' : 'Unstaking'}
      outcome={outcome}
      again={{ label: 'Unstake more', onClick: again }}
      recorded={() =>
        outcome.stakeAccount ? (
          <p>
            By {option.title}: a stake account holding{' '}
            <strong data-testid="received">
              <Sol lamports={outcome.stakeAccountLamports ?? '0'} digits={SOL_DECIMALS} />
            </strong>{' '}
            (its rent included), deactivating.
          </p>
        ) : (
          <p>
            By {option.title}: you received{' '}
            <strong data-testid="received">
              <Sol
                lamports={(BigInt(outcome.solChange) + BigInt(outcome.networkFeeLamports ?? '0')).toString()}
                digits={SOL_DECIMALS}
              />
            </strong>{' '}
            (<Sol lamports={outcome.solChange} digits={SOL_DECIMALS} /> after the network fee).
          </p>
        )
      }
    />
  );
}
