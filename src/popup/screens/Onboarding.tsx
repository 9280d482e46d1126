// First run: create a wallet (password, the phrase shown once, three words confirmed) or import
// one (phrase or secret key), then offer to add accounts of the phrase that were used elsewhere.
// This screen only routes between the steps; the password and each flow's state live here, so
// going back and forth between steps keeps what was typed.
import { useState } from 'preact/hooks';
import { BackupStep, ConfirmStep, CreateStep, useCreateFlow } from './onboarding/create';
import { ImportStep, useImportFlow } from './onboarding/import';
import type { PasswordPair } from './PasswordChoice';

type Step = 'welcome' | 'create' | 'backup' | 'confirm' | 'import';

export function Onboarding() {
  const [step, setStep] = useState<Step>('welcome');
  const [pair, setPair] = useState<PasswordPair>({ password: '', confirm: '' });
  const creating = useCreateFlow(pair, () => setStep('backup'));
  const importing = useImportFlow(pair);
  const toWelcome = () => setStep('welcome');
  switch (step) {
    case 'welcome':
      return <Welcome onCreate={() => setStep('create')} onImport={() => setStep('import')} />;
    case 'create':
      return <CreateStep flow={creating} pair={pair} onPair={setPair} onBack={toWelcome} />;
    case 'backup':
      return <BackupStep flow={creating} onContinue={() => setStep('confirm')} />;
    case 'confirm':
      return <ConfirmStep flow={creating} onBack={() => setStep('backup')} />;
    case 'import':
      return <ImportStep flow={importing} pair={pair} onPair={setPair} onBack={toWelcome} />;
    default:
      return step satisfies never;
  }
}

/** The first screen: what Tidepool is, and the two ways in. */
function Welcome({ onCreate, onImport }: { onCreate: () => void; onImport: () => void }) {
  return (
    <main class="screen stack">
      <h2>Welcome to Tidepool</h2>
      <p>
        A Solana wallet that shows what your liquid staking tokens are worth in SOL, and stakes in one click.
      </p>
      <button class="primary" onClick={onCreate}>
        Create wallet
      </button>
      <button onClick={onImport}>Import wallet</button>
    </main>
  );
}
