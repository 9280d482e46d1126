// After importing a phrase: accounts further along its path that hold SOL, offered for adding.
import { useEffect, useState } from 'preact/hooks';
import { call } from '../../ui/client';
import { ErrorText } from '../../ui/components/ErrorText';
import { formatLamports, shortAddress } from '../../shared/format';
import { useAction } from '../../ui/use-action';
import { offerDiscovery, updateWallet } from '../models/wallet';

export function FoundAccounts() {
  const onDone = () => {
    offerDiscovery.value = false;
  };
  const [found, setFound] = useState<{ index: number; address: string; lamports: string }[] | null>(null);
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const scan = useAction(async () => {
    const result = await call('accounts:scan');
    setFound(result.found);
    setChosen(new Set(result.found.map((f) => f.index)));
    if (!result.found.length) onDone();
  });
  const add = useAction(async () => {
    await updateWallet(call('accounts:addDerived', { indexes: [...chosen] }));
    onDone();
  });
  useEffect(() => void scan.run(), []);
  if (scan.error) {
    return (
      <main class="screen stack">
        <p>Could not look for other accounts of this phrase: {scan.error}</p>
        <button class="primary" onClick={() => onDone()}>
          Continue
        </button>
      </main>
    );
  }
  if (!found)
    return (
      <main class="screen">
        <p aria-live="polite">Looking for accounts you used with this phrase…</p>
      </main>
    );
  return (
    <main class="screen stack">
      <h2>Accounts found</h2>
      <p>These accounts of your phrase hold SOL. Add them to Tidepool?</p>
      {found.map((f) => (
        <label key={f.index} class="row card" style="font-weight:400">
          <input
            type="checkbox"
            style="width:auto"
            checked={chosen.has(f.index)}
            onChange={() => {
              const next = new Set(chosen);
              next.has(f.index) ? next.delete(f.index) : next.add(f.index);
              setChosen(next);
            }}
          />
          <span class="mono">
            #{f.index} {shortAddress(f.address)}
          </span>
          <span>{formatLamports(BigInt(f.lamports))} SOL</span>
        </label>
      ))}
      <button class="primary" disabled={!chosen.size || add.busy} onClick={() => add.run()}>
        Add {chosen.size} accounts
      </button>
      <button onClick={() => onDone()}>Skip</button>
      <ErrorText error={add.error} />
    </main>
  );
}
