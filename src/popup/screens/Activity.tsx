import { useEffect, useState } from 'preact/hooks';
import type { ActivityItem } from '../../shared/activity';
import { call } from '../../ui/client';
import { ErrorText } from '../../ui/components/ErrorText';
import { useAction } from '../../ui/use-action';

export function Activity() {
  const [items, setItems] = useState<ActivityItem[] | null>(null);
  const load = useAction(async () => setItems((await call('activity:list')).items));
  useEffect(() => void load.run(), []);
  return (
    <main class="screen stack">
      <div class="row">
        <h2>Activity</h2>
        <button onClick={() => load.run()} disabled={load.busy}>
          Refresh
        </button>
      </div>
      <ErrorText error={load.error} />
      {!items && !load.error && (
        <p class="muted" aria-busy="true">
          Loading…
        </p>
      )}
      {items?.length === 0 && <p class="muted">No transactions yet.</p>}
      <ul class="stack plain" aria-label="Recent transactions">
        {items?.map((item) => (
          <li key={item.signature} class="card stack" data-testid="activity-item">
            <div class="row">
              <strong class={item.failed ? 'error' : undefined}>
                {item.summary}
                {item.failed ? ' (failed)' : ''}
              </strong>
            </div>
            <div class="row small muted">
              <span>
                {item.inFlight
                  ? 'Pending'
                  : item.blockTime
                    ? new Date(item.blockTime * 1000).toLocaleString()
                    : ''}
              </span>
              <a href={item.explorerUrl} target="_blank" rel="noreferrer noopener">
                Explorer
              </a>
            </div>
          </li>
        ))}
      </ul>
    </main>
  );
}
