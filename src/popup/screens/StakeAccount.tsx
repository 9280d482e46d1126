// One native stake account: what it holds and where it stands, and what can be done with it now
// (deactivate, withdraw, merge another into it, move its stake or free SOL, or convert it into the
// best LST that stakes with its validator, or why none can). Each action is quoted (the simulation
// of its exact transaction) before the one click that sends it.
import { useEffect, useState } from 'preact/hooks';
import { SOL_DECIMALS, shortAddress } from '../../shared/format';
import type { NativeQuote, NativeRequest } from '../../shared/native-staking';
import { convertTarget } from '../../shared/native-vs-liquid';
import type { NativeStakeAccount, TxOutcome } from '../../shared/staking';
import { call } from '../../ui/client';
import { ErrorText } from '../../ui/components/ErrorText';
import { useAction } from '../../ui/use-action';
import { AmountField, parseAmount } from '../components/AmountField';
import { Sol, apyText } from '../components/Amounts';
import { ExecuteButton } from '../components/ExecuteButton';
import { NativeQuoteCard } from '../components/NativeQuoteCard';
import { OutcomeScreen } from '../components/OutcomeScreen';
import { STATE_TEXT } from '../components/StakeAccountRow';
import { nameOf } from '../components/ValidatorPicker';
import { loadPortfolio, portfolio } from '../models/portfolio';
import { useQuote } from '../models/quote';
import { go } from '../models/route';
import { loadValidators, validatorApyText, validatorList } from '../models/validators';

type Kind = NativeRequest['kind'];
const LABELS: Record<Exclude<Kind, 'stake'>, string> = {
  deactivate: 'Deactivate',
  withdraw: 'Withdraw',
  merge: 'Merge',
  moveStake: 'Move stake',
  moveLamports: 'Move SOL',
};

/** The button that signs and sends the chosen action's quoted transaction. */
const CONFIRM: Record<Exclude<Kind, 'stake'>, string> = {
  deactivate: 'Deactivate this account',
  withdraw: 'Withdraw to my wallet',
  merge: 'Merge them',
  moveStake: 'Move the stake',
  moveLamports: 'Move the SOL',
};

/** The actions the account's state allows (the background still judges each on fresh reads). */
function actionsFor(a: NativeStakeAccount): Exclude<Kind, 'stake'>[] {
  const staked = a.state === 'active' || a.state === 'activating';
  const withdrawable = a.state === 'inactive' || a.state === 'initialized' || BigInt(a.excessLamports) > 0n;
  return [
    ...(staked ? (['deactivate'] as const) : []),
    ...(withdrawable ? (['withdraw'] as const) : []),
    ...(a.state !== 'deactivating' ? (['merge'] as const) : []),
    ...(a.state === 'active' ? (['moveStake'] as const) : []),
    ...(a.state === 'active' || a.state === 'inactive' || a.state === 'initialized'
      ? (['moveLamports'] as const)
      : []),
  ];
}

export function StakeAccount({ address }: { address: string }) {
  const p = portfolio.value;
  const account = p?.stakeAccounts.find((s) => s.address === address) ?? null;
  const [kind, setKind] = useState<Exclude<Kind, 'stake'> | null>(null);
  const [other, setOther] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [result, setResult] = useState<{ quote: NativeQuote; outcome: TxOutcome } | null>(null);
  const validators = useAction(loadValidators);
  useEffect(() => void validators.run(), []);
  const parsed = parseAmount(text, SOL_DECIMALS);
  const request = account ? requestFor(account, kind, other, parsed.units) : null;
  const { quote, error, loading } = useQuote(request ? JSON.stringify(request) : null, () =>
    call('native:quote', { request: request! }),
  );
  const execute = useAction(async () => {
    setResult(await call('native:execute', { request: request!, quoteId: quote!.quoteId }));
    void loadPortfolio();
  });
  if (result)
    return (
      <OutcomeScreen
        title={LABELS[result.quote.request.kind as Exclude<Kind, 'stake'>] ?? 'Done'}
        outcome={result.outcome}
        again={{ label: 'Back to your accounts', onClick: () => go({ name: 'home' }) }}
        recorded={() => <p data-testid="native-done">{result.quote.effect}</p>}
      />
    );
  if (!p || !account)
    return (
      <main class="screen stack">
        <p class="muted">This stake account is not in your portfolio on this network.</p>
      </main>
    );
  const list = validatorList.value;
  const validator = list?.validators.find((v) => v.vote === account.voter) ?? null;
  const others = p.stakeAccounts.filter((s) => s.address !== address);
  const needsOther = kind === 'merge' || kind === 'moveStake' || kind === 'moveLamports';
  const needsAmount = kind === 'moveStake' || kind === 'moveLamports';
  const reason = !kind
    ? 'Choose what to do'
    : needsOther && !other
      ? 'Choose the other account'
      : needsAmount && !parsed.units
        ? (parsed.error ?? 'Enter an amount')
        : (error ?? (loading || !quote ? 'Getting a quote…' : null));
  return (
    <main class="screen stack">
      <h2>
        Stake account <span class="mono">{shortAddress(address)}</span>
      </h2>
      <dl class="card quote" data-testid="stake-account-detail">
        <dt>Holds</dt>
        <dd>
          <Sol lamports={account.lamports} />
        </dd>
        <dt>State</dt>
        <dd>{STATE_TEXT[account.state]}</dd>
        {account.voter && (
          <>
            <dt>Validator</dt>
            <dd>
              {validator ? nameOf(validator) : shortAddress(account.voter)}
              {validator && <div class="small muted">{validatorApyText(validator)}</div>}
            </dd>
          </>
        )}
        {BigInt(account.excessLamports) > 0n && (
          <>
            <dt>Free to withdraw</dt>
            <dd>
              <Sol lamports={account.excessLamports} />
            </dd>
          </>
        )}
        {account.lockup && (
          <>
            <dt>Locked up until</dt>
            <dd>
              {account.lockup.epoch > 0 ? `epoch ${account.lockup.epoch}` : ''}{' '}
              {account.lockup.unixTimestamp > 0
                ? new Date(account.lockup.unixTimestamp * 1000).toDateString()
                : ''}
            </dd>
          </>
        )}
      </dl>
      {list && <ConvertOption account={account} />}
      <div role="group" aria-label="Actions" class="row actions">
        {actionsFor(account).map((k) => (
          <button
            key={k}
            aria-pressed={kind === k}
            onClick={() => {
              setKind(k);
              setOther(null);
              setText('');
            }}
          >
            {LABELS[k]}
          </button>
        ))}
      </div>
      {needsOther && (
        <div>
          <label for="other-account">{kind === 'merge' ? 'Account to merge into this one' : 'Move to'}</label>
          <select
            id="other-account"
            value={other ?? ''}
            onChange={(e) => setOther((e.currentTarget as HTMLSelectElement).value || null)}
          >
            <option value="">Choose a stake account</option>
            {others.map((s) => (
              <option key={s.address} value={s.address}>
                {shortAddress(s.address)} · {STATE_TEXT[s.state]}
              </option>
            ))}
          </select>
        </div>
      )}
      {needsAmount && (
        <AmountField
          value={text}
          onValue={setText}
          decimals={SOL_DECIMALS}
          symbol="SOL"
          error={parsed.error}
          max={kind === 'moveStake' ? BigInt(account.delegatedLamports) : freeLamports(account)}
        />
      )}
      {quote && <NativeQuoteCard quote={quote} />}
      {error && (
        <p class="warning" role="alert">
          {error}
        </p>
      )}
      {kind && <ExecuteButton action={execute} reason={reason} label={CONFIRM[kind]} busyLabel="Sending…" />}
      <ErrorText error={validators.error} />
    </main>
  );
}

/** SOL in the account that is neither staked nor its rent reserve. */
function freeLamports(a: NativeStakeAccount): bigint {
  if (a.state === 'inactive' || a.state === 'initialized') {
    const free = BigInt(a.lamports) - BigInt(a.rentReserveLamports);
    return free > 0n ? free : 0n;
  }
  return BigInt(a.excessLamports);
}

function requestFor(
  a: NativeStakeAccount,
  kind: Exclude<Kind, 'stake'> | null,
  other: string | null,
  units: bigint | null,
): NativeRequest | null {
  switch (kind) {
    case null:
      return null;
    case 'deactivate':
      return { kind, stakeAccount: a.address };
    case 'withdraw': {
      const all = a.state === 'inactive' || a.state === 'initialized';
      return { kind, stakeAccount: a.address, lamports: all ? a.lamports : a.excessLamports };
    }
    case 'merge':
      return other ? { kind, destination: a.address, source: other } : null;
    case 'moveStake':
    case 'moveLamports':
      return other && units
        ? { kind, source: a.address, destination: other, lamports: units.toString() }
        : null;
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/** The best LST that takes this account (its validator in the pool's list), or why none does. */
function ConvertOption({ account }: { account: NativeStakeAccount }) {
  const list = validatorList.value!;
  if (account.state !== 'active' && account.state !== 'activating') return null;
  const target = convertTarget(list, account, portfolio.value?.epoch ?? list.epoch);
  if ('reason' in target)
    return (
      <p class="small muted" data-testid="convert-reason">
        {target.reason}
      </p>
    );
  return (
    <div class="card small stack" data-testid="convert-offer">
      <div>
        {target.pool.symbol} stakes with this validator: convert the account into {target.pool.symbol} (
        {apyText(target.pool)}) and it stays staked, and becomes liquid.
      </div>
      <button
        onClick={() =>
          go({
            name: 'convert',
            stakeAccount: account.address,
            voter: account.voter!,
            pool: target.pool.pool,
          })
        }
      >
        Convert to {target.pool.symbol}
      </button>
    </div>
  );
}
