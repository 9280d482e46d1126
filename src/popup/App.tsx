import { useEffect, useState } from 'preact/hooks';
import { refreshNetwork } from './models/network';
import { startPortfolio } from './models/portfolio';
import { offerDiscovery, wallet, refreshWallet } from './models/wallet';
import { Unlock } from './screens/Unlock';
import { Shell } from './screens/Shell';
import { lazyScreen, preloadScreens } from './lazy-screen';
import { ErrorText } from '../ui/components/ErrorText';
import { useAction } from '../ui/use-action';

const FoundAccounts = lazyScreen(() => import('./screens/FoundAccounts').then((m) => m.FoundAccounts));
const Onboarding = lazyScreen(() => import('./screens/Onboarding').then((m) => m.Onboarding));

/**
 * The wallet's state and the network, asked in parallel: Home starts (and reads the saved
 * portfolio for this account on this network) only once both are known. A network that cannot
 * be read leaves the header's '…' (as before); it does not hold the wallet back.
 */
async function openWallet(): Promise<void> {
  await Promise.all([refreshWallet(), refreshNetwork().catch(() => undefined)]);
  // Before Home renders: the saved portfolio is read from storage while the screen is built.
  startPortfolio();
}

export function App() {
  const load = useAction(openWallet);
  const [opened, setOpened] = useState(false);
  useEffect(() => {
    void load.run().then(() => {
      setOpened(true);
      preloadScreens();
    });
  }, []);
  const state = opened ? wallet.value : null;
  return (
    <>
      {(state?.status !== 'unlocked' || offerDiscovery.value) && <header class="bar"><h1>Tidepool</h1></header>}
      {!state && !load.error && <main class="screen" aria-busy="true"><p class="muted">Opening…</p></main>}
      <ErrorText error={load.error} />
      {state?.status === 'none' && <Onboarding />}
      {state?.status === 'locked' && <Unlock />}
      {state?.status === 'unlocked' && (offerDiscovery.value ? <FoundAccounts /> : <Shell />)}
    </>
  );
}
