// Switch, add, import and rename accounts.
import { useState } from 'preact/hooks';
import { call } from '../../ui/client';
import { shortAddress } from '../../shared/format';
import { ErrorText } from '../../ui/components/ErrorText';
import { Field } from '../../ui/components/Field';
import { useAction } from '../../ui/use-action';
import { go } from '../models/route';
import { resetPortfolio } from '../models/portfolio';
import { updateWallet, wallet } from '../models/wallet';

export function Accounts() {
  const state = wallet.value!;
  const [secret, setSecret] = useState('');
  const [renaming, setRenaming] = useState<string | null>(null);
  const [name, setName] = useState('');
  const action = useAction(async (request: () => Promise<unknown>) => {
    await request();
  });
  const select = (address: string) =>
    action.run(async () => {
      resetPortfolio();
      await updateWallet(call('accounts:select', { address }));
      go({ name: 'home' });
    });
  return (
    <main class="screen stack">
      <h2>Accounts</h2>
      <ul class="stack" style="list-style:none;padding:0;margin:0">
        {state.accounts.map((a) => (
          <li key={a.address} class="card row">
            <button
              class="link"
              aria-current={a.address === state.activeAddress ? 'true' : undefined}
              onClick={() => select(a.address)}
            >
              {/* Heard as "Use Account 1 AbCd…WxYz": what it does, then what it shows. */}
              <span aria-hidden="true">{a.address === state.activeAddress ? '● ' : ''}</span>
              <span class="sr-only">Use </span>
              {a.name} <span class="mono muted">{shortAddress(a.address)}</span>
            </button>
            <button
              aria-label={`Rename ${a.name}`}
              onClick={() => {
                setRenaming(a.address);
                setName(a.name);
              }}
            >
              Rename
            </button>
          </li>
        ))}
      </ul>
      {renaming && (
        <form
          class="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void action.run(async () => {
              await updateWallet(call('accounts:rename', { address: renaming, name }));
              setRenaming(null);
            });
          }}
        >
          <Field label="Account name" value={name} onValue={setName} maxLength={32} />
          <button class="primary" type="submit" disabled={!name.trim()}>
            Save name
          </button>
        </form>
      )}
      {state.hasPhrase && (
        <button
          onClick={() =>
            action.run(async () => {
              resetPortfolio();
              await updateWallet(call('accounts:add', {}));
              go({ name: 'home' });
            })
          }
        >
          Add account
        </button>
      )}
      <details>
        <summary>Import a secret key</summary>
        <Field label="Secret key" value={secret} onValue={setSecret} multiline />
        <button
          disabled={!secret.trim()}
          title={!secret.trim() ? 'Enter a secret key' : undefined}
          onClick={() =>
            action.run(async () => {
              resetPortfolio();
              await updateWallet(call('accounts:importSecretKey', { secretKey: secret }));
              setSecret('');
              go({ name: 'home' });
            })
          }
        >
          Import account
        </button>
      </details>
      <ErrorText error={action.error} />
    </main>
  );
}
