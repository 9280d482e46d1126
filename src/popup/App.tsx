import { useEffect } from 'preact/hooks';
import { refreshNetwork } from './models/network';
import { offerDiscovery, wallet, refreshWallet } from './models/wallet';
import { FoundAccounts } from './screens/FoundAccounts';
import { Onboarding } from './screens/Onboarding';
import { Unlock } from './screens/Unlock';
import { Shell } from './screens/Shell';
import { ErrorText } from '../ui/components/ErrorText';
import { useAction } from '../ui/use-action';

export function App() {
  const load = useAction(refreshWallet);
  useEffect(() => {
    void load.run();
    void refreshNetwork();
  }, []);
  const state = wallet.value;
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
