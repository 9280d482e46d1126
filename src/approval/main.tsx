// The approval window: one pending dApp request at a time, read by a person before approving.
// It refreshes the view while open and asks to unlock first if needed. Approve is armed afresh
// for every view shown (a new request, or the same one changed): only a moment after it was
// rendered and visible, and only by a press that began after that; a new request is announced.
// Every decision names the revision of the view it was made on.
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import '../ui/theme.css';
import './approval.css';
import { ARM_MS, blockedBy, toConfirm, type ApprovalView, type WarningCode } from '../shared/approval';
import { shortAddress } from '../shared/format';
import { call } from '../ui/client';
import { ErrorText } from '../ui/components/ErrorText';
import { Field } from '../ui/components/Field';
import { useAction } from '../ui/use-action';
import { RequestDetails } from './RequestDetails';

const REFRESH_MS = 4_000;

const ASKS: Record<ApprovalView['method'], string> = {
  connect: 'wants to connect to Tidepool',
  signTransaction: 'asks you to sign a transaction',
  signAndSendTransaction: 'asks you to sign and send a transaction',
  signMessage: 'asks you to sign a message',
  signIn: 'asks you to sign in',
  stake: 'asks you to stake',
};

/**
 * Whether Approve may act on the view named `shown`: armed ARM_MS after that view was rendered
 * with the window visible; every new view, focus or visibility change starts the wait again.
 * `since` is when the wait began: a press that started before it is not for this view.
 */
function useArming(shown: string | null): { armed: boolean; since: { current: number } } {
  const [armed, setArmed] = useState(false);
  const since = useRef(0);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const arm = () => {
      setArmed(false);
      since.current = performance.now();
      clearTimeout(timer);
      if (shown !== null && document.visibilityState === 'visible')
        timer = setTimeout(() => setArmed(true), ARM_MS);
    };
    arm();
    const events = ['focus', 'blur', 'visibilitychange'] as const;
    for (const e of events) (e === 'visibilitychange' ? document : window).addEventListener(e, arm);
    return () => {
      clearTimeout(timer);
      for (const e of events) (e === 'visibilitychange' ? document : window).removeEventListener(e, arm);
    };
  }, [shown]);
  return { armed, since };
}

function Unlock({ onUnlocked }: { onUnlocked: () => void }) {
  const [password, setPassword] = useState('');
  const unlock = useAction(async () => {
    await call('vault:unlock', { password });
    onUnlocked();
  });
  return (
    <form
      class="stack card"
      onSubmit={(e) => {
        e.preventDefault();
        void unlock.run();
      }}
    >
      <p>Unlock Tidepool to review this request.</p>
      <Field
        label="Password"
        type="password"
        autocomplete="current-password"
        value={password}
        onValue={setPassword}
        autoFocus
      />
      <button class="primary" type="submit" disabled={!password || unlock.busy}>
        Unlock
      </button>
      <ErrorText error={unlock.error} />
    </form>
  );
}

function Approval() {
  const [view, setView] = useState<ApprovalView | null | undefined>(undefined);
  const [note, setNote] = useState<string | null>(null);
  /** The request shown before this one: a change of request is announced. */
  const [previous, setPrevious] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState<string | null>(null);
  const pressedAt = useRef(-1);
  /** Warnings ticked as read, for the view on screen (a new view starts with none ticked). */
  const [confirmed, setConfirmed] = useState<{ view: string; codes: WarningCode[] }>({ view: '', codes: [] });
  /** The last Enter or Space that went down on Approve, until its click. */
  const keyDown = useRef<{ at: number; repeat: boolean } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const approveRef = useRef<HTMLButtonElement>(null);
  const asked = useRef(0);
  /**
   * A decision is being made: the view must not change under it (a refresh would show the next
   * request and arm it, and a "did it work?" press would approve that one).
   */
  const deciding = useRef(false);
  /** The request on screen, for refreshes: they ask about it, never about whichever comes first. */
  const shownId = useRef<string | null>(null);
  /**
   * Only the answer to the latest question is shown: a slow refresh cannot replace a newer view.
   * With `id`, the refresh asks about the request on screen: asking for "the first undecided one"
   * while a decision is being carried out would make the background record the next request as
   * shown though the window never showed it. When that request is gone, the first undecided one.
   */
  const fetchView = async (id?: string | null) => {
    const mine = ++asked.current;
    const next = (id ? await call('approval:get', { id }) : null) ?? (await call('approval:get', {}));
    if (mine === asked.current) setView(next);
  };
  const load = useAction(() => fetchView());
  useEffect(() => {
    void load.run();
    const refresh = () => {
      if (!deciding.current) void fetchView(shownId.current).catch(() => {});
    };
    const timer = setInterval(refresh, REFRESH_MS);
    // The background focuses this window when a new request arrives: show it at once.
    window.addEventListener('focus', refresh);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', refresh);
    };
  }, []);
  shownId.current = view?.id ?? null;
  useEffect(() => {
    if (!view) return;
    if (previous !== null && previous !== view.id) {
      setAnnouncement(
        `Next request${view.total > 1 ? ` (${view.position} of ${view.total})` : ''}: ${new URL(view.origin).host} ${ASKS[view.method]}. Read it before you decide.`,
      );
    }
    setPrevious(view.id);
  }, [view?.id]);
  const shownView = view ? `${view.id}:${view.revision}` : '';
  const ticked = confirmed.view === shownView ? confirmed.codes : [];
  const decide = useAction(async (approve: boolean) => {
    deciding.current = true;
    asked.current += 1; // a refresh already under way must not show its answer now
    try {
      const result = await call('approval:decide', {
        id: view!.id,
        approve,
        revision: view!.revision,
        confirmed: ticked,
      });
      setNote(result.outcome === 'failed' ? `That request failed: ${result.error}` : null);
      // The background closes this window once nothing is pending; closing it here could race a
      // request that has just arrived, and a closed window means "reject".
      if (result.remaining > 0) await load.run();
      else setView(null);
    } catch (error) {
      await fetchView().catch(() => {}); // the request changed or went: show what is there now
      throw error;
    } finally {
      deciding.current = false;
    }
  });
  // Armed afresh for every view, and again once a decision on it ends, whatever the view then is.
  const { armed, since } = useArming(
    view && !view.locked && !view.inProgress && !decide.busy ? `${view.id}:${view.revision}` : null,
  );
  // A view that appears never has Approve focused (a key meant for the last one would land on it):
  // a new request starts at its heading, read first; a changed one moves the keyboard off Approve.
  const viewKey = view ? `${view.id}:${view.revision}` : null;
  const shownRequest = useRef<string | null>(null);
  useEffect(() => {
    if (!view) return;
    const isNew = shownRequest.current !== view.id;
    shownRequest.current = view.id;
    // (A locked view's password field takes the focus itself.)
    if (!view.locked && (isNew || document.activeElement === approveRef.current)) heading.current?.focus();
  }, [viewKey]);
  const rejectAll = useAction(async () => {
    await call('approval:rejectAll', {});
    setView(null);
  });
  if (view === undefined)
    return (
      <main class="screen">
        <p aria-busy="true">Loading…</p>
        <ErrorText error={load.error} />
      </main>
    );
  if (view === null)
    return (
      <main class="screen stack">
        <h1>Tidepool</h1>
        <p>No pending request.</p>
        <ErrorText error={note} />
      </main>
    );
  const blocked = blockedBy(view.warnings);
  const unticked = toConfirm(view.warnings).filter((code) => !ticked.includes(code));
  const approveLabel = view.method === 'connect' ? 'Connect' : 'Approve';
  const onApprove = (event: MouseEvent) => {
    // A pointer press must have begun on this view; so must a key press (Enter or Space went down on
    // Approve, once, after this view was armed: a held key repeats, and one held from the view
    // before would approve this one). A click with neither (detail 0, no key: a screen reader's
    // activation) is the person's own.
    const key = keyDown.current;
    keyDown.current = null;
    if (
      event.detail !== 0 ? pressedAt.current < since.current : key && (key.repeat || key.at < since.current)
    )
      return;
    void decide.run(true);
  };
  const onApproveKey = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    keyDown.current = { at: event.timeStamp, repeat: event.repeat };
    // Enter acts on keydown: a repeat (a held key) or a press begun before arming never reaches a click.
    if (event.repeat || event.timeStamp < since.current) event.preventDefault();
  };
  return (
    <main class="screen stack" key={view.id}>
      {announcement && (
        <p class="next-request" role="status" aria-live="assertive" data-testid="next-request">
          {announcement}
        </p>
      )}
      <header class="site">
        {view.favicon && (
          <img
            src={view.favicon}
            alt=""
            width="32"
            height="32"
            referrerpolicy="no-referrer"
            onError={(e) => {
              (e.currentTarget as HTMLImageElement).hidden = true;
            }}
          />
        )}
        <div>
          <h1 data-testid="origin" tabIndex={-1} ref={heading}>
            {view.origin}
          </h1>
          <p>{ASKS[view.method]}</p>
        </div>
      </header>
      {view.total > 1 && (
        <p class="muted small">
          Request {view.position} of {view.total}
        </p>
      )}
      <p class="small">
        Account <strong>{view.accountName ?? ''}</strong>{' '}
        <span class="mono">{view.account ? shortAddress(view.account) : '—'}</span> · {view.networkLabel}
      </p>
      {view.locked ? (
        <Unlock onUnlocked={() => void load.run()} />
      ) : (
        <>
          {view.warnings.length > 0 && (
            <div role="alert" data-testid="warnings">
              <ul class="danger-box stack plain" aria-label="Warnings">
                {view.warnings.map((w) => (
                  <li key={w.code + w.text} class={w.severity} data-code={w.code}>
                    ⚠ {w.text}
                    {w.severity === 'confirm' && (
                      <label class="confirm-tick small">
                        <input
                          type="checkbox"
                          checked={ticked.includes(w.code)}
                          onChange={(e) => {
                            const on = (e.currentTarget as HTMLInputElement).checked;
                            setConfirmed({
                              view: shownView,
                              codes: on ? [...ticked, w.code] : ticked.filter((c) => c !== w.code),
                            });
                          }}
                        />
                        I understand
                      </label>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <RequestDetails view={view} />
        </>
      )}
      <ErrorText error={note ?? decide.error ?? rejectAll.error} />
      {view.inProgress ? (
        <p role="status" aria-busy="true">
          Approved. Tidepool is carrying this request out…
        </p>
      ) : (
        <div class="decisions stack">
          <div class="row">
            <button onClick={() => decide.run(false)} disabled={decide.busy}>
              Reject
            </button>
            <button
              class="primary"
              onPointerDown={(e) => {
                pressedAt.current = e.timeStamp;
              }}
              onClick={onApprove}
              onKeyDown={onApproveKey}
              ref={approveRef}
              disabled={view.locked || !armed || decide.busy || !!blocked || unticked.length > 0}
              title={
                view.locked
                  ? 'Unlock first'
                  : (blocked ??
                    (unticked.length
                      ? 'Tick “I understand” under the warning first'
                      : !armed
                        ? 'Take a moment to read the request'
                        : undefined))
              }
            >
              {approveLabel}
            </button>
          </div>
          {view.total > 1 && (
            <button class="link" onClick={() => rejectAll.run()} disabled={rejectAll.busy || decide.busy}>
              Reject all waiting requests
            </button>
          )}
        </div>
      )}
    </main>
  );
}

render(<Approval />, document.getElementById('app')!);
