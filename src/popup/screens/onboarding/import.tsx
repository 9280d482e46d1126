// Importing a wallet: a recovery phrase (then the accounts it used elsewhere are offered) or one
// secret key, with the password that will lock it here.
import { useState } from 'preact/hooks';
import { call } from '../../../ui/client';
import { ErrorText } from '../../../ui/components/ErrorText';
import { Field } from '../../../ui/components/Field';
import { useAction } from '../../../ui/use-action';
import { offerDiscovery, updateWallet } from '../../models/wallet';
import { PasswordChoice, passwordPairProblem, type PasswordPair } from '../PasswordChoice';

/** What is being imported, the secret typed, and the import call itself. */
export function useImportFlow(pair: PasswordPair) {
  const [kind, setKind] = useState<'phrase' | 'key'>('phrase');
  const [secret, setSecret] = useState('');
  const importWallet = useAction(async () => {
    if (kind === 'phrase') {
      offerDiscovery.value = true;
      try {
        await updateWallet(call('vault:importPhrase', { phrase: secret, password: pair.password }));
      } catch (error) {
        offerDiscovery.value = false;
        throw error;
      }
    } else {
      await updateWallet(call('vault:importSecretKey', { secretKey: secret, password: pair.password }));
    }
    setSecret('');
  });
  return { kind, setKind, secret, setSecret, importWallet };
}

/** The import form: phrase or key, the secret, the password, and the button. */
export function ImportStep({
  flow,
  pair,
  onPair,
  onBack,
}: {
  flow: ReturnType<typeof useImportFlow>;
  pair: PasswordPair;
  onPair: (pair: PasswordPair) => void;
  onBack: () => void;
}) {
  const { kind, setKind, secret, setSecret, importWallet } = flow;
  const secretLabel = kind === 'phrase' ? 'Recovery phrase' : 'Secret key';
  const importProblem = !secret.trim()
    ? `Enter your ${secretLabel.toLowerCase()}`
    : passwordPairProblem(pair);
  return (
    <main class="screen stack">
      <h2>Import a wallet</h2>
      <div role="radiogroup" aria-label="What to import" class="row">
        <button role="radio" aria-checked={kind === 'phrase'} onClick={() => setKind('phrase')}>
          Recovery phrase
        </button>
        <button role="radio" aria-checked={kind === 'key'} onClick={() => setKind('key')}>
          Secret key
        </button>
      </div>
      <Field
        label={secretLabel}
        value={secret}
        onValue={setSecret}
        multiline
        hint={
          kind === 'phrase'
            ? 'The 12 or 24 words, separated by spaces.'
            : 'A base58 private key, or the JSON byte array of a keypair file.'
        }
      />
      <PasswordChoice value={pair} onChange={onPair} />
      <button
        class="primary"
        disabled={!!importProblem || importWallet.busy}
        title={importProblem ?? undefined}
        onClick={() => importWallet.run()}
      >
        Import wallet
      </button>
      <ErrorText error={importWallet.error} />
      <button class="link" onClick={onBack}>
        Back
      </button>
    </main>
  );
}
