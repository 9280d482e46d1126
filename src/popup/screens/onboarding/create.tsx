// Creating a wallet: the phrase length and password chosen, the phrase shown once, then three of
// its words typed back before the background creates the vault (it checks them against the phrase).
import { useMemo, useState } from 'preact/hooks';
import { call } from '../../../ui/client';
import { ErrorText } from '../../../ui/components/ErrorText';
import { Field } from '../../../ui/components/Field';
import { useAction } from '../../../ui/use-action';
import { updateWallet } from '../../models/wallet';
import { PasswordChoice, passwordPairProblem, type PasswordPair } from '../PasswordChoice';

/** Three distinct word positions (1-based, ascending) to confirm, drawn with the platform's CSPRNG. */
function pickPositions(count: number): number[] {
  const picks = new Set<number>();
  const random = new Uint32Array(8);
  while (picks.size < 3) {
    crypto.getRandomValues(random);
    for (const r of random) if (picks.size < 3) picks.add((r % count) + 1);
  }
  return [...picks].sort((a, b) => a - b);
}

/** The creation's state across its three steps, and its two calls (generate the phrase, create the vault). */
export function useCreateFlow(pair: PasswordPair, onPhrase: () => void) {
  const [words, setWords] = useState<12 | 24>(12);
  const [phrase, setPhrase] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const [answers, setAnswers] = useState<Record<number, string>>({});
  const positions = useMemo(() => (phrase.length ? pickPositions(phrase.length) : []), [phrase]);
  const generate = useAction(async () => {
    setPhrase((await call('vault:generatePhrase', { words })).phrase);
    onPhrase();
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
  return { words, setWords, phrase, saved, setSaved, answers, setAnswers, positions, generate, create };
}

type CreateFlow = ReturnType<typeof useCreateFlow>;

/** Step 1: the phrase's length and the password, then the phrase is generated. */
export function CreateStep({
  flow,
  pair,
  onPair,
  onBack,
}: {
  flow: CreateFlow;
  pair: PasswordPair;
  onPair: (pair: PasswordPair) => void;
  onBack: () => void;
}) {
  const { words, setWords, generate } = flow;
  const pairProblem = passwordPairProblem(pair);
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
      <PasswordChoice value={pair} onChange={onPair} />
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
      <button class="link" onClick={onBack}>
        Back
      </button>
    </main>
  );
}

/** Step 2: the phrase shown once, to be written down before going on. */
export function BackupStep({ flow, onContinue }: { flow: CreateFlow; onContinue: () => void }) {
  const { phrase, saved, setSaved } = flow;
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
        onClick={onContinue}
      >
        Continue
      </button>
    </main>
  );
}

/** Step 3: three words of the phrase typed back, then the wallet is created. */
export function ConfirmStep({ flow, onBack }: { flow: CreateFlow; onBack: () => void }) {
  const { positions, answers, setAnswers, create } = flow;
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
      <button class="link" onClick={onBack}>
        Show the phrase again
      </button>
    </main>
  );
}
