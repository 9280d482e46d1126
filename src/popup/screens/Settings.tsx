// Auto-lock, network, connected sites, the income ledger's backup, password, reveal/export (password-gated), lock.
import { useEffect, useState } from 'preact/hooks';
import { call } from '../../ui/client';
import type { ConnectedSite } from '../../shared/approval';
import { MAX_TOLERANCE_BPS, toleranceText } from '../../shared/guarantee';
import type { NetworkId } from '../../shared/networks';
import { ErrorText } from '../../ui/components/ErrorText';
import { Field } from '../../ui/components/Field';
import { useAction } from '../../ui/use-action';
import { builtinNetworks, network, refreshNetwork } from '../models/network';
import { resetPortfolio } from '../models/portfolio';
import { go } from '../models/route';
import { activeAccount, updateWallet, wallet } from '../models/wallet';
import { LedgerBackup } from '../components/LedgerBackup';
import { PasswordChoice, passwordPairProblem } from './PasswordChoice';

const AUTO_LOCK_CHOICES = [1, 5, 15, 30, 60, 240];
/** Basis points, up to MAX_TOLERANCE_BPS (1 %). */
const TOLERANCE_CHOICES = [1, 5, 10, 50, MAX_TOLERANCE_BPS];

/** What choosing an RPC means: it cannot sign, but it sees and shapes everything the wallet reads. */
const CUSTOM_RPC_HINT =
  'Only use an RPC you trust. It sees every address in this wallet and answers every question Tidepool asks: ' +
  'balances, token accounts and simulations shown to you come from it, so a dishonest one can make the wallet show things ' +
  'that are not true. It cannot sign for you. Explorer links leave this URL out (it may hold an API key): choose your RPC ' +
  'in the explorer’s cluster menu.';

function NetworkSettings() {
  const [choice, setChoice] = useState<NetworkId>(network.value?.id ?? 'mainnet');
  const [url, setUrl] = useState(network.value?.id === 'custom' ? network.value.rpcUrl : '');
  const save = useAction(async () => {
    await call('network:set', { network: choice, ...(choice === 'custom' ? { customRpcUrl: url } : {}) });
    resetPortfolio();
    await refreshNetwork();
    go({ name: 'home' });
  });
  return (
    <section class="card stack" aria-labelledby="net-h">
      <h3 id="net-h">Network and RPC</h3>
      <label for="network-select">Network</label>
      <select
        id="network-select"
        value={choice}
        onChange={(e) => setChoice((e.currentTarget as HTMLSelectElement).value as NetworkId)}
      >
        {builtinNetworks.value.map((n) => (
          <option key={n.id} value={n.id}>
            {n.label}
          </option>
        ))}
        <option value="custom">Custom RPC URL</option>
      </select>
      {choice === 'custom' && (
        <Field label="RPC URL" value={url} onValue={setUrl} placeholder="https://…" hint={CUSTOM_RPC_HINT} />
      )}
      <button onClick={() => save.run()} disabled={save.busy || (choice === 'custom' && !url.trim())}>
        Save network
      </button>
      <ErrorText error={save.error} />
    </section>
  );
}

function Secrets() {
  const [password, setPassword] = useState('');
  const [shown, setShown] = useState<
    { kind: 'phrase'; words: string[] } | { kind: 'key'; key: string } | null
  >(null);
  const reveal = useAction(async (kind: 'phrase' | 'key') => {
    if (kind === 'phrase') setShown({ kind, words: (await call('vault:revealPhrase', { password })).phrase });
    else
      setShown({
        kind,
        key: (await call('vault:exportSecretKey', { password, address: activeAccount.value!.address }))
          .secretKey,
      });
    setPassword('');
  });
  if (shown) {
    return (
      <section class="card stack">
        <p class="warning">Anyone who sees this controls your funds. Make sure nobody is watching.</p>
        {shown.kind === 'phrase' ? (
          <ol class="phrase" aria-label="Recovery phrase words">
            {shown.words.map((w, i) => (
              <li key={i}>
                <span class="mono">{w}</span>
              </li>
            ))}
          </ol>
        ) : (
          <p class="mono" aria-label="Secret key">
            {shown.key}
          </p>
        )}
        <button onClick={() => setShown(null)}>Hide</button>
      </section>
    );
  }
  return (
    <section class="card stack" aria-labelledby="sec-h">
      <h3 id="sec-h">Recovery phrase and keys</h3>
      <Field
        label="Password"
        type="password"
        autocomplete="current-password"
        value={password}
        onValue={setPassword}
        hint="Re-enter your password to see secrets."
      />
      <div class="row">
        {wallet.value?.hasPhrase && (
          <button disabled={!password} onClick={() => reveal.run('phrase')}>
            Reveal recovery phrase
          </button>
        )}
        <button disabled={!password} onClick={() => reveal.run('key')}>
          Export secret key
        </button>
      </div>
      <ErrorText error={reveal.error} />
    </section>
  );
}

function ChangePassword() {
  const [current, setCurrent] = useState('');
  const [pair, setPair] = useState({ password: '', confirm: '' });
  const [done, setDone] = useState(false);
  const change = useAction(async () => {
    await updateWallet(call('vault:changePassword', { current, next: pair.password }));
    setCurrent('');
    setPair({ password: '', confirm: '' });
    setDone(true);
  });
  const problem = !current ? 'Enter your current password' : passwordPairProblem(pair);
  return (
    <details class="card">
      <summary>Change password</summary>
      <Field
        label="Current password"
        type="password"
        autocomplete="current-password"
        value={current}
        onValue={setCurrent}
      />
      <PasswordChoice value={pair} onChange={setPair} />
      <button disabled={!!problem || change.busy} title={problem ?? undefined} onClick={() => change.run()}>
        Change password
      </button>
      {done && <p role="status">Password changed.</p>}
      <ErrorText error={change.error} />
    </details>
  );
}

function ConnectedSites() {
  const [sites, setSites] = useState<ConnectedSite[] | null>(null);
  const load = useAction(async () => setSites((await call('sites:list')).sites));
  const revoke = useAction(async (origin: string) =>
    setSites((await call('sites:revoke', { origin })).sites),
  );
  useEffect(() => void load.run(), []);
  return (
    <section class="card stack" aria-labelledby="sites-h">
      <h3 id="sites-h">Connected sites</h3>
      {sites?.length === 0 && <p class="muted small">No site is connected.</p>}
      <ul class="stack plain">
        {sites?.map((site) => (
          <li key={site.origin} class="row" data-testid="connected-site">
            <span class="grow mono small">{site.origin}</span>
            <button onClick={() => revoke.run(site.origin)} aria-label={`Revoke ${site.origin}`}>
              Revoke
            </button>
          </li>
        ))}
      </ul>
      <ErrorText error={load.error ?? revoke.error} />
    </section>
  );
}

/** How far below a quote a stake, unstake or conversion may land before the pool program refuses it. */
function ToleranceSetting() {
  const tolerance = useAction(async (bps: number) => updateWallet(call('settings:setTolerance', { bps })));
  return (
    <section class="card stack">
      <label for="tolerance">Tolerance on staking quotes</label>
      <select
        id="tolerance"
        value={wallet.value?.toleranceBps}
        onChange={(e) => tolerance.run(Number((e.currentTarget as HTMLSelectElement).value))}
      >
        {TOLERANCE_CHOICES.map((bps) => (
          <option key={bps} value={bps}>
            {toleranceText(bps)}
          </option>
        ))}
      </select>
      <p class="muted small">
        Taken off the minimum the pool program is held to, so that rounding from other people’s deposits
        landing first does not make it refuse your transaction (the network fee would be lost). Every quote
        shows it next to what is guaranteed.
      </p>
      <ErrorText error={tolerance.error} />
    </section>
  );
}

export function Settings() {
  useEffect(() => void refreshNetwork(), []);
  const autoLock = useAction(async (minutes: number) =>
    updateWallet(call('settings:setAutoLock', { minutes })),
  );
  const notify = useAction(async (enabled: boolean) =>
    updateWallet(call('settings:setNotifications', { enabled })),
  );
  return (
    <main class="screen stack">
      <h2>Settings</h2>
      <section class="card stack">
        <label for="autolock">Auto-lock after</label>
        <select
          id="autolock"
          value={wallet.value?.autoLockMinutes}
          onChange={(e) => autoLock.run(Number((e.currentTarget as HTMLSelectElement).value))}
        >
          {AUTO_LOCK_CHOICES.map((m) => (
            <option key={m} value={m}>
              {m < 60 ? `${m} minutes` : `${m / 60} hours`}
            </option>
          ))}
        </select>
        <ErrorText error={autoLock.error} />
        <label class="choice">
          <input
            type="checkbox"
            checked={wallet.value?.notifyWithdrawable ?? true}
            onChange={(e) => notify.run((e.currentTarget as HTMLInputElement).checked)}
          />
          Tell me when SOL I wait for can be withdrawn (a browser notification at the epoch boundary)
        </label>
        <ErrorText error={notify.error} />
      </section>
      <ToleranceSetting />
      <NetworkSettings />
      <ConnectedSites />
      <LedgerBackup />
      <ChangePassword />
      <Secrets />
      <button
        onClick={() => {
          resetPortfolio();
          void updateWallet(call('vault:lock'));
        }}
      >
        Lock now
      </button>
    </main>
  );
}
