import { signal } from '@preact/signals';
import { refreshNetwork } from './models/network';
import { startPortfolio } from './models/portfolio';
import { offerDiscovery, wallet, refreshWallet } from './models/wallet';
import { Unlock } from './screens/Unlock';
import { Shell } from './screens/Shell';
import { lazyScreen, preloadScreens } from './lazy-screen';
import { ErrorText } from '../ui/components/ErrorText';

const FoundAccounts = lazyScreen(() => import('./screens/FoundAccounts').then((m) => m.FoundAccounts));
const Onboarding = lazyScreen(() => import('./screens/Onboarding').then((m) => m.Onboarding));

const opened = signal(false);
const openError = signal<string | null>(null);

/**
 * The wallet's state and the network, asked in parallel by main.tsx before the first render (an
 * effect would wait for a paint): Home starts (and reads the saved portfolio for this account on
 * this network) only once both are known. A network that cannot be read leaves the header's '…';
 * it does not hold the wallet back.
 */
export async function openWallet(): Promise<void> {
  try {
    await Promise.all([refreshWallet(), refreshNetwork().catch(() => undefined)]);
    // Before Home renders: the saved portfolio is read from storage while the screen is built.
    startPortfolio();
  } catch (error) {
    openError.value = error instanceof Error ? error.message : String(error);
  }
  opened.value = true;
  preloadScreens();
}

export function App() {
  const state = opened.value ? wallet.value : null;
  return (
    <>
      {(state?.status !== 'unlocked' || offerDiscovery.value) && (
        <header class="bar">
          <h1>Tidepool</h1>
        </header>
      )}
      {!state && !openError.value && (
        <main class="screen" aria-busy="true">
          <p class="muted">Opening…</p>
        </main>
      )}
      <ErrorText error={openError.value} />
      {state?.status === 'none' && <Onboarding />}
      {state?.status === 'locked' && <Unlock />}
      {state?.status === 'unlocked' && (offerDiscovery.value ? <FoundAccounts /> : <Shell />)}
    </>
  );
}
