// First run: create a wallet (password, the phrase shown once, three words confirmed) or import
// one (phrase or secret key), then offer to add accounts of the phrase that were used elsewhere.
import { useMemo, useState } from 'preact/hooks';
import { call } from '../../ui/client';
import { ErrorText } from '../../ui/components/ErrorText';
import { Field } from '../../ui/components/Field';
import { useAction } from '../../ui/use-action';
import { offerDiscovery, updateWallet } from '../models/wallet';
import { PasswordChoice, passwordPairProblem, type PasswordPair } from './PasswordChoice';

type Step = 'welcome' | 'create' | 'backup' | 'confirm' | 'import';

function pickPositions(count: number): number[] {
  const picks = new Set<number>();
  const random = new Uint32Array(8);
  while (picks.size < 3) {
    crypto.getRandomValues(random);
    for (const r of random) if (picks.size < 3) picks.add((r % count) + 1);
  }
  return [...picks].sort((a, b) => a - b);
}

export function Onboarding() {
  const [step, setStep] = useState<Step>('welcome');
  const [pair, setPair] = useState<PasswordPair>({ password: '', confirm: '' });
  const [words, setWords] = useState<12 | 24>(12);
  const [phrase, setPhrase] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const [answers, setAnswers] = useState<Record<number, string>>({});
  const [importKind, setImportKind] = useState<'phrase' | 'key'>('phrase');
  const [secret, setSecret] = useState('');
  const positions = useMemo(() => (phrase.length ? pickPositions(phrase.length) : []), [phrase]);
  const pairProblem = passwordPairProblem(pair);

  const generate = useAction(async () => {
    setPhrase((await call('vault:generatePhrase', { words })).phrase);
    setStep('backup');
  });
  const create = useAction(async () => {
    await updateWallet(
      call('vault:create', {
        password: pair.password,
        confirmations: positions.map((index) => ({ index, word: answers[index] ?? '' })),
      }),
    );
    setPhrase([]);
  });
  const importWallet = useAction(async () => {
    if (importKind === 'phrase') {
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

  if (step === 'welcome') {
    return (
      <main class="screen stack">
        <h2>Welcome to Tidepool</h2>
        <p>
          A Solana wallet that shows what your liquid staking tokens are worth in SOL, and stakes in one
          click.
        </p>
        <button class="primary" onClick={() => setStep('create')}>
          Create wallet
        </button>
        <button onClick={() => setStep('import')}>Import wallet</button>
      </main>
    );
  }
  if (step === 'create') {
    return (
      <main class="screen stack">
        <h2>Create a wallet</h2>
        <fieldset>
          <legend>Recovery phrase length</legend>
          {([12, 24] as const).map((n) => (
            <label key={n} style="display:inline-flex;gap:6px;margin-right:16px;font-weight:400">
              <input
                type="radio"
                name="words"
                checked={words === n}
                onChange={() => setWords(n)}
                style="width:auto"
              />{' '}
              {n} words
            </label>
          ))}
        </fieldset>
        <PasswordChoice value={pair} onChange={setPair} />
        <button
          class="primary"
          disabled={!!pairProblem || generate.busy}
          title={pairProblem ?? undefined}
          onClick={() => generate.run()}
        >
          Continue
        </button>
        {pairProblem && pair.password && <p class="muted">{pairProblem}</p>}
        <ErrorText error={generate.error} />
        <button class="link" onClick={() => setStep('welcome')}>
          Back
        </button>
      </main>
    );
  }
  if (step === 'backup') {
    return (
      <main class="screen stack">
        <h2>Your recovery phrase</h2>
        <p class="warning">
          Write these {phrase.length} words down, in order, and keep them offline. Anyone with them controls
          your funds; Tidepool will never ask for them.
        </p>
        <ol class="phrase" aria-label="Recovery phrase words">
          {phrase.map((word, i) => (
            <li key={i}>
              <span class="muted">{i + 1}.</span> <span class="mono">{word}</span>
            </li>
          ))}
        </ol>
        <label style="display:flex;gap:8px;font-weight:400">
          <input
            type="checkbox"
            checked={saved}
            onChange={(e) => setSaved((e.currentTarget as HTMLInputElement).checked)}
            style="width:auto"
          />
          I have written down my recovery phrase
        </label>
        <button
          class="primary"
          disabled={!saved}
          title={saved ? undefined : 'Confirm you wrote the phrase down first'}
          onClick={() => setStep('confirm')}
        >
          Continue
        </button>
      </main>
    );
  }
  if (step === 'confirm') {
    const missing = positions.some((p) => !(answers[p] ?? '').trim());
    return (
      <main class="screen stack">
        <h2>Confirm your backup</h2>
        <p>Enter these words from your recovery phrase.</p>
        {positions.map((p) => (
          <Field
            key={p}
            label={`Word #${p}`}
            value={answers[p] ?? ''}
            autocomplete="off"
            spellcheck={false}
            onValue={(w) => setAnswers({ ...answers, [p]: w })}
          />
        ))}
        <button
          class="primary"
          disabled={missing || create.busy}
          title={missing ? 'Fill in every word' : undefined}
          onClick={() => create.run()}
        >
          Create wallet
        </button>
        <ErrorText error={create.error} />
        <button class="link" onClick={() => setStep('backup')}>
          Show the phrase again
        </button>
      </main>
    );
  }
  const secretLabel = importKind === 'phrase' ? 'Recovery phrase' : 'Secret key';
  const importProblem = !secret.trim() ? `Enter your ${secretLabel.toLowerCase()}` : pairProblem;
  return (
    <main class="screen stack">
      <h2>Import a wallet</h2>
      <div role="radiogroup" aria-label="What to import" class="row">
        <button role="radio" aria-checked={importKind === 'phrase'} onClick={() => setImportKind('phrase')}>
          Recovery phrase
        </button>
        <button role="radio" aria-checked={importKind === 'key'} onClick={() => setImportKind('key')}>
          Secret key
        </button>
      </div>
      <Field
        label={secretLabel}
        value={secret}
        onValue={setSecret}
        multiline
        hint={
          importKind === 'phrase'
            ? 'The 12 or 24 words, separated by spaces.'
            : 'A base58 private key, or the JSON byte array of a keypair file.'
        }
      />
      <PasswordChoice value={pair} onChange={setPair} />
      <button
        class="primary"
        disabled={!!importProblem || importWallet.busy}
        title={importProblem ?? undefined}
        onClick={() => importWallet.run()}
      >
        Import wallet
      </button>
      <ErrorText error={importWallet.error} />
      <button class="link" onClick={() => setStep('welcome')}>
        Back
      </button>
    </main>
  );
}
