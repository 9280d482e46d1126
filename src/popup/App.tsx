import { useEffect, useState } from 'preact/hooks';
import { call, CallError } from '../ui/client';
import type { ChainStatus } from '../shared/protocol';

export function App() {
  const [status, setStatus] = useState<ChainStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('chain:status').then(setStatus, (e: CallError) => setError(e.message));
  }, []);
  return (
    <>
      <header class="bar"><h1>Tidepool</h1></header>
      <main class="screen">
        {status && <p data-testid="chain-status">Connected to {status.rpcUrl} · slot {status.slot} · epoch {status.epoch}</p>}
        {error && <p role="alert" class="error">{error}</p>}
      </main>
    </>
  );
}
