import { useState } from 'preact/hooks';
import { call } from '../../ui/client';
import { ErrorText } from '../../ui/components/ErrorText';
import { Field } from '../../ui/components/Field';
import { useAction } from '../../ui/use-action';
import { updateWallet, wallet } from '../models/wallet';

export function Unlock() {
  const [password, setPassword] = useState('');
  const unlock = useAction(async () => {
    await updateWallet(call('vault:unlock', { password }));
    setPassword('');
  });
  const wait = wallet.value?.retryAfterMs;
  return (
    <main class="screen stack">
      <h2>Welcome back</h2>
      <form
        class="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void unlock.run();
        }}
      >
        <Field
          label="Password"
          type="password"
          autocomplete="current-password"
          value={password}
          onValue={setPassword}
          autoFocus
        />
        <button
          class="primary"
          type="submit"
          disabled={!password || unlock.busy}
          title={!password ? 'Enter your password' : undefined}
        >
          Unlock
        </button>
      </form>
      <ErrorText
        error={
          unlock.error ??
          (wait ? `Too many wrong passwords. Try again in ${Math.ceil(wait / 1000)} s.` : null)
        }
      />
    </main>
  );
}
