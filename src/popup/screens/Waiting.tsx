// Where is my SOL: every lamport the person can collect or act on, in one place. What is ready has
// its one button (it collects exactly the amount shown, or says the amount changed and signs
// nothing); what is on its way says from which epoch, and about when. Read in one batch when the
// screen opens (the stake accounts come from the refresh the popup already made).
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { durationText, shortAddress } from '../../shared/format';
import type { TxOutcome } from '../../shared/staking';
import { waitingTotals, type WaitingItem } from '../../shared/waiting';
import { call } from '../../ui/client';
import { ErrorText } from '../../ui/components/ErrorText';
import { useAction } from '../../ui/use-action';
import { Sol } from '../components/Amounts';
import { TxResult } from '../components/TxResult';
import { loadPortfolio } from '../models/portfolio';

type View = { items: WaitingItem[]; epoch: number; readAt: number };

function describe(item: WaitingItem): string {
  const where = shortAddress(item.address);
  switch (item.kind) {
    case 'withdrawable':
      return item.fromPool ? `Delayed unstake (stake account ${where})` : `Stake account ${where}, inactive`;
    case 'deactivating':
      return item.fromPool ? `Delayed unstake (stake account ${where})` : `Stake account ${where}, unstaking`;
    case 'excess':
      return `Extra SOL paid into stake account ${where} (block revenue, MEV), above its stake`;
    case 'ticket':
      return `Marinade delayed-unstake ticket ${where}`;
    default: {
      const never: never = item.kind;
      return never;
    }
  }
}

function when(item: WaitingItem, view: View): string {
  const since = Date.now() - view.readAt;
  const inMs = item.readyInMs === null ? null : Math.max(0, item.readyInMs - since);
  return `From epoch ${item.readyEpoch}${inMs === null ? '' : ` (in about ${durationText(inMs)})`}`;
}

export function Waiting() {
  const [view, setView] = useState<View | null>(null);
  const [done, setDone] = useState<TxOutcome | null>(null);
  const load = useAction(async () => setView(await call('waiting:list')));
  useEffect(() => void load.run(), []);
  const collect = useAction(async (item: WaitingItem) => {
    const action = item.action!;
    const outcome =
      action.kind === 'native'
        ? (await call('native:execute', { request: action.request })).outcome
        : await call('waiting:act', { source: action.source, id: action.id });
    setDone(outcome);
    void loadPortfolio();
    await load.run();
  });
  const ready = view?.items.filter((i) => i.readyEpoch === null) ?? [];
  const later = view?.items.filter((i) => i.readyEpoch !== null) ?? [];
  const totals = view ? waitingTotals(view.items) : null;
  return (
    <main class="screen stack">
      <h2>Where is my SOL?</h2>
      <p class="small muted">
        Everything you can collect: stake accounts that are inactive or unstaking, extra SOL paid into staked
        accounts, delayed unstakes and Marinade tickets.
      </p>
      {!view && !load.error && (
        <p class="muted" aria-busy="true">
          Looking…
        </p>
      )}
      <ErrorText error={load.error} />
      {done && <TxResult title="Collected" outcome={done} />}
      {view && totals && (
        <p data-testid="waiting-totals">
          Ready now: <Sol lamports={totals.ready} />. On its way: <Sol lamports={totals.later} />.
        </p>
      )}
      {ready.length > 0 && (
        <section class="stack" aria-labelledby="ready-h">
          <h3 id="ready-h">Ready to collect</h3>
          <ul class="stack plain">
            {ready.map((item) => (
              <ItemCard key={item.id} item={item}>
                {item.action && (
                  <button class="primary" disabled={collect.busy} onClick={() => void collect.run(item)}>
                    {item.kind === 'ticket' ? 'Claim' : 'Withdraw'} <Sol lamports={item.lamports} />
                  </button>
                )}
              </ItemCard>
            ))}
          </ul>
        </section>
      )}
      <ErrorText error={collect.error} />
      {later.length > 0 && (
        <section class="stack" aria-labelledby="later-h">
          <h3 id="later-h">On its way</h3>
          <ul class="stack plain">
            {later.map((item) => (
              <ItemCard key={item.id} item={item}>
                <div class="small muted">{when(item, view!)}</div>
              </ItemCard>
            ))}
          </ul>
        </section>
      )}
      {view && !view.items.length && (
        <p class="muted">Nothing is waiting: all your SOL is where you can see it.</p>
      )}
    </main>
  );
}

/** One item: what holds it and how much, then what can be done (or when). */
function ItemCard({ item, children }: { item: WaitingItem; children: ComponentChildren }) {
  return (
    <li class="card stack" data-testid="waiting-item" data-kind={item.kind}>
      <div class="row">
        <span class="small">{describe(item)}</span>
        <strong>
          <Sol lamports={item.lamports} />
        </strong>
      </div>
      {children}
    </li>
  );
}
