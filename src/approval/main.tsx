// The approval window: one pending dApp request at a time, read by a person before approving.
// It refreshes the simulation while open, asks to unlock first if needed, and ignores clicks in
// the first moment after it gains focus (so a click meant for the page cannot approve).
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import '../ui/theme.css';
import './approval.css';
import { blockedBy, type ApprovalView } from '../shared/approval';
import { shortAddress } from '../shared/format';
import { call } from '../ui/client';
import { ErrorText } from '../ui/components/ErrorText';
import { Field } from '../ui/components/Field';
import { useAction } from '../ui/use-action';
import { RequestDetails } from './RequestDetails';

const REFRESH_MS = 4_000;
const FOCUS_GUARD_MS = 700;

const ASKS: Record<ApprovalView['method'], string> = {
  connect: 'wants to connect to Tidepool',
  disconnect: 'wants to disconnect',
  signTransaction: 'asks you to sign a transaction',
  signAndSendTransaction: 'asks you to sign and send a transaction',
  signMessage: 'asks you to sign a message',
  signIn: 'asks you to sign in',
  stake: 'asks you to stake',
};

function useFocusGuard(): boolean {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    // Every focus or visibility change restarts the wait; a hidden window never arms.
    const arm = () => {
      setArmed(false);
      clearTimeout(timer);
      if (document.visibilityState === 'visible') timer = setTimeout(() => setArmed(true), FOCUS_GUARD_MS);
    };
    arm();
    const events = ['focus', 'blur', 'visibilitychange'] as const;
    for (const e of events) (e === 'visibilitychange' ? document : window).addEventListener(e, arm);
    return () => {
      clearTimeout(timer);
      for (const e of events) (e === 'visibilitychange' ? document : window).removeEventListener(e, arm);
    };
  }, []);
  return armed;
}

function Unlock({ onUnlocked }: { onUnlocked: () => void }) {
  const [password, setPassword] = useState('');
  const unlock = useAction(async () => {
    await call('vault:unlock', { password });
    onUnlocked();
  });
  return (
    <form class="stack card" onSubmit={(e) => { e.preventDefault(); void unlock.run(); }}>
      <p>Unlock Tidepool to review this request.</p>
      <Field label="Password" type="password" autocomplete="current-password" value={password} onValue={setPassword} autoFocus />
      <button class="primary" type="submit" disabled={!password || unlock.busy}>Unlock</button>
      <ErrorText error={unlock.error} />
    </form>
  );
}

function Approval() {
  const [view, setView] = useState<ApprovalView | null | undefined>(undefined);
  const [note, setNote] = useState<string | null>(null);
  const armed = useFocusGuard();
  const load = useAction(async () => setView(await call('approval:get', {})));
  useEffect(() => {
    void load.run();
    const refresh = () => void call('approval:get', {}).then(setView, () => {});
    const timer = setInterval(refresh, REFRESH_MS);
    // The background focuses this window when a new request arrives: show it at once.
    window.addEventListener('focus', refresh);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', refresh);
    };
  }, []);
  const decide = useAction(async (approve: boolean) => {
    const result = await call('approval:decide', { id: view!.id, approve });
    setNote(result.outcome === 'failed' ? `That request failed: ${result.error}` : null);
    // The background closes this window once nothing is pending; closing it here could race a
    // request that has just arrived, and a closed window means "reject".
    if (result.remaining > 0) await load.run();
    else setView(null);
  });
  if (view === undefined) return <main class="screen"><p aria-busy="true">Loading…</p><ErrorText error={load.error} /></main>;
  if (view === null) return <main class="screen stack"><h1>Tidepool</h1><p>No pending request.</p><ErrorText error={note} /></main>;
  const blocked = view.intent?.blocked ?? blockedBy(view.warnings);
  const approveLabel = view.method === 'connect' ? 'Connect' : 'Approve';
  return (
    <main class="screen stack">
      <header class="site">
        {view.favicon && <img src={view.favicon} alt="" width="32" height="32" referrerpolicy="no-referrer"
          onError={(e) => { (e.currentTarget as HTMLImageElement).hidden = true; }} />}
        <div>
          <h1 data-testid="origin">{view.origin}</h1>
          <p>{ASKS[view.method]}</p>
        </div>
      </header>
      {view.total > 1 && <p class="muted small">Request {view.position} of {view.total}</p>}
      <p class="small">Account <strong>{view.accountName ?? ''}</strong> <span class="mono">{view.account ? shortAddress(view.account) : '—'}</span> · {view.networkLabel}</p>
      {view.locked ? <Unlock onUnlocked={() => void load.run()} /> : (
        <>
          {view.warnings.length > 0 && (
            <ul class="danger-box stack plain" role="alert" aria-label="Warnings" data-testid="warnings">
              {view.warnings.map((w) => <li key={w.code + w.text} class={w.severity} data-code={w.code}>⚠ {w.text}</li>)}
            </ul>
          )}
          <RequestDetails view={view} />
        </>
      )}
      <ErrorText error={note ?? decide.error} />
      {view.inProgress ? <p role="status" aria-busy="true">Approved. Tidepool is carrying this request out…</p> : (
        <div class="row decisions">
          <button onClick={() => decide.run(false)} disabled={decide.busy}>Reject</button>
          <button class="primary" onClick={() => decide.run(true)} disabled={view.locked || !armed || decide.busy || !!blocked}
            title={view.locked ? 'Unlock first' : blocked ?? (!armed ? 'Take a moment to read the request' : undefined)}>{approveLabel}</button>
        </div>
      )}
    </main>
  );
}

render(<Approval />, document.getElementById('app')!);
