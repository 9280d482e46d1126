// Settings' backup of the staking-income ledger of this account on this network: saved as a JSON
// file, and read back from one (checked and merged by the background: rows it already has are kept,
// so importing twice, or an older backup, loses nothing).
import { useState } from 'preact/hooks';
import { call } from '../../ui/client';
import { ErrorText } from '../../ui/components/ErrorText';
import { useAction } from '../../ui/use-action';
import { download } from '../download';

export function LedgerBackup() {
  const [done, setDone] = useState<string | null>(null);
  const save = useAction(async () => {
    const { fileName, file } = await call('income:backup');
    download(fileName, file, 'application/json');
    setDone(`Saved ${fileName}.`);
  });
  const restore = useAction(async (file: File) => {
    const { rowsAdded, positionsAdded } = await call('income:restore', { file: await file.text() });
    setDone(
      `Imported: ${rowsAdded} rows and ${positionsAdded} positions were new; the rest were already here.`,
    );
  });
  return (
    <section class="card stack" aria-labelledby="ledger-h">
      <h3 id="ledger-h">Staking-income ledger</h3>
      <p class="small muted">
        The ledger of this account on this network lives in this browser. Keep a backup so a reinstall does
        not lose its history; importing one adds what this ledger lacks and changes nothing it has.
      </p>
      <button onClick={() => save.run()} disabled={save.busy}>
        Save a backup
      </button>
      <label for="ledger-file">Import a backup</label>
      <input
        id="ledger-file"
        type="file"
        accept=".json,application/json"
        disabled={restore.busy}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          setDone(null);
          if (file) void restore.run(file);
        }}
      />
      {done && <p role="status">{done}</p>}
      <ErrorText error={save.error ?? restore.error} />
    </section>
  );
}
