import { useEffect, useState } from 'preact/hooks';
import { call } from '../../ui/client';
import type { ChainStatus } from '../../shared/protocol';
import { ErrorText } from '../../ui/components/ErrorText';
import { activeAccount } from '../models/wallet';

export function Home() {
  const [status, setStatus] = useState<ChainStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('chain:status').then(setStatus, (e: Error) => setError(e.message));
  }, []);
  return (
    <main class="screen stack">
      <p class="mono" data-testid="active-address">{activeAccount.value?.address}</p>
      {status && <p data-testid="chain-status" class="muted">Connected to {status.rpcUrl} · slot {status.slot} · epoch {status.epoch}</p>}
      <ErrorText error={error} />
    </main>
  );
}
