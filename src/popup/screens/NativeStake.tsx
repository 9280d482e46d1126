// Stake natively: choose a validator from the chain's own list, read the cluster's rules before
// typing (its minimum delegation, the rent a stake account keeps), see native and liquid side by
// side for that amount, read the quote (the simulation of the exact transaction) and stake in one
// click; the new stake account's address derives from yours, so there is no key to keep.
import { useEffect, useState } from 'preact/hooks';
import { SOL_DECIMALS, formatLamports, shortAddress } from '../../shared/format';
import type { NativeQuote, ValidatorView } from '../../shared/native-staking';
import { compare } from '../../shared/native-vs-liquid';
import type { TxOutcome } from '../../shared/staking';
import { call } from '../../ui/client';
import { ErrorText } from '../../ui/components/ErrorText';
import { useAction } from '../../ui/use-action';
import { AmountField, parseAmount } from '../components/AmountField';
import { ExecuteButton } from '../components/ExecuteButton';
import { NativeQuoteCard } from '../components/NativeQuoteCard';
import { NativeVsLiquid } from '../components/NativeVsLiquid';
import { OutcomeScreen } from '../components/OutcomeScreen';
import { ValidatorPicker, nameOf, validatorNotes } from '../components/ValidatorPicker';
import { loadPortfolio, portfolio } from '../models/portfolio';
import { useQuote } from '../models/quote';
import { go, route } from '../models/route';
import { loadValidators, validatorList } from '../models/validators';

type Staked = { quote: NativeQuote; outcome: TxOutcome };
const sol = (lamports: bigint) => `${formatLamports(lamports, SOL_DECIMALS)} SOL`;

export function NativeStake() {
  const initial = route.value.name === 'native' ? route.value.voter : undefined;
  const [selected, setSelected] = useState<string | null>(initial ?? null);
  const [text, setText] = useState('');
  const [result, setResult] = useState<Staked | null>(null);
  const load = useAction(loadValidators);
  useEffect(() => void load.run(), []);
  const list = validatorList.value;
  const validator = list?.validators.find((v) => v.vote === selected) ?? null;
  const parsed = parseAmount(text, SOL_DECIMALS);
  const terms = list?.terms;
  const minimum = terms ? BigInt(terms.minimumDelegation) : null;
  const balance = portfolio.value ? BigInt(portfolio.value.solLamports) : null;
  const max =
    terms && balance !== null ? balance - BigInt(terms.rentReserve) - BigInt(terms.keepForFees) : null;
  const belowMinimum =
    parsed.units !== null && minimum !== null && parsed.units < minimum
      ? `The network’s minimum delegation is ${sol(minimum)}: stake at least that much, or any amount through a liquid staking pool.`
      : null;
  const lamports = parsed.units && !belowMinimum ? parsed.units.toString() : null;
  const request =
    validator && lamports ? ({ kind: 'stake', voter: validator.vote, lamports } as const) : null;
  const { quote, error, loading } = useQuote(request ? `${request.voter}:${request.lamports}` : null, () =>
    call('native:quote', { request: request! }),
  );
  const stake = useAction(async () => {
    setResult(await call('native:execute', { request: request!, quoteId: quote!.quoteId }));
    setText('');
    void loadPortfolio();
  });
  if (result) return <NativeStaked result={result} validator={validator} />;
  const reason = !validator
    ? 'Choose a validator'
    : (parsed.error ??
      belowMinimum ??
      (!parsed.units ? 'Enter an amount' : (error ?? (loading || !quote ? 'Getting a quote…' : null))));
  return (
    <main class="screen stack">
      <h2>Stake natively</h2>
      <p class="small muted">
        Your SOL stays in a stake account you control, delegated to one validator. Or{' '}
        <button class="link" onClick={() => go({ name: 'stake' })}>
          stake into a pool
        </button>{' '}
        for a liquid token.
      </p>
      {!list && !load.error && (
        <p class="muted" aria-busy="true">
          Reading the validators from the chain…
        </p>
      )}
      <ErrorText error={load.error} />
      {list && <ValidatorPicker validators={list.validators} selected={selected} onSelect={setSelected} />}
      {list && !list.apy.measured && <p class="small muted">APYs not estimated: {list.apy.reason}</p>}
      {validator && <ValidatorNotes validator={validator} />}
      <AmountField
        value={text}
        onValue={setText}
        decimals={SOL_DECIMALS}
        symbol="SOL"
        error={parsed.error ?? belowMinimum ?? error}
        max={max === null ? null : max > 0n ? max : 0n}
        hint={
          terms
            ? `The network’s minimum delegation is ${sol(BigInt(terms.minimumDelegation))}. ${sol(BigInt(terms.rentReserve))} more stays in the stake account as rent and comes back when you withdraw.`
            : undefined
        }
      />
      {list && validator && parsed.units && !belowMinimum && (
        <NativeVsLiquid
          comparison={compare(list, validator, parsed.units)}
          epochEndsInMs={Math.max(0, list.epochEndsAt - Date.now())}
        />
      )}
      {quote && <NativeQuoteCard quote={quote} />}
      <ExecuteButton action={stake} reason={reason} label="Stake" busyLabel="Staking…" />
    </main>
  );
}

function ValidatorNotes({ validator }: { validator: ValidatorView }) {
  const notes = validatorNotes(validator);
  return (
    <div class="card small stack" data-testid="validator-notes">
      <div>
        <strong>{nameOf(validator)}</strong> <span class="mono muted">{shortAddress(validator.vote)}</span>
      </div>
      {validator.website && <div class="muted">Site it publishes: {validator.website}</div>}
      {validator.details && <div class="muted">{validator.details}</div>}
      <div class="muted">
        Names, sites and details are published by validators themselves and not checked.
      </div>
      {notes.length > 0 && (
        <ul class="plain stack">
          {notes.map((n) => (
            <li key={n.badge}>{n.sentence}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function NativeStaked({ result, validator }: { result: Staked; validator: ValidatorView | null }) {
  const { quote, outcome } = result;
  const account = quote.accounts[0];
  return (
    <OutcomeScreen
      title="Staked"
      outcome={outcome}
      again={{ label: 'See your stake accounts', onClick: () => go({ name: 'home' }) }}
      recorded={() => (
        <p data-testid="native-staked">
          {sol(-BigInt(outcome.solChange))} left your wallet (network fee included) for stake account{' '}
          <span class="mono">{shortAddress(quote.created!.address)}</span>, delegated to{' '}
          {validator ? nameOf(validator) : shortAddress(account?.voterAfter ?? '')}. It activates at the start
          of epoch {quote.epoch + 1}. Its address derives from yours (seed {quote.created!.seed}): there is no
          new key to keep.
        </p>
      )}
    />
  );
}
