// The unlocked wallet: a header (account, network, lock), the current screen, and tabs.
import { call } from '../../ui/client';
import { shortAddress } from '../../shared/format';
import { activeAccount, updateWallet } from '../models/wallet';
import { go, route, type Route } from '../models/route';
import { network } from '../models/network';
import { resetPortfolio } from '../models/portfolio';
import { Accounts } from './Accounts';
import { Activity } from './Activity';
import { Convert } from './Convert';
import { Explainer } from './Explainer';
import { Home } from './Home';
import { Receive } from './Receive';
import { Send } from './Send';
import { Settings } from './Settings';
import { Stake } from './Stake';
import { Unstake } from './Unstake';

const TABS: { name: Route['name']; label: string }[] = [
  { name: 'home', label: 'Home' },
  { name: 'stake', label: 'Stake' },
  { name: 'send', label: 'Send' },
  { name: 'activity', label: 'Activity' },
  { name: 'settings', label: 'Settings' },
];

function Screen() {
  const current = route.value;
  switch (current.name) {
    case 'home': return <Home />;
    case 'stake': return <Stake key={current.pool ?? ''} />;
    case 'unstake': return <Unstake key={current.pool ?? ''} />;
    case 'convert': return <Convert key={current.stakeAccount} stakeAccount={current.stakeAccount} voter={current.voter} />;
    case 'send': return <Send />;
    case 'receive': return <Receive />;
    case 'activity': return <Activity />;
    case 'settings': return <Settings />;
    case 'accounts': return <Accounts />;
    case 'explainer': return <Explainer />;
    default: {
      const never: never = current;
      return never;
    }
  }
}

export function Shell() {
  const account = activeAccount.value;
  return (
    <>
      <header class="bar">
        <button class="account-switch" aria-label={`Account: ${account?.name ?? 'none'}. Switch account`} onClick={() => go({ name: 'accounts' })}>
          <strong>{account?.name}</strong> <span class="mono muted">{account && shortAddress(account.address)}</span>
        </button>
        <button class="network" aria-label={`Network: ${network.value?.label ?? '…'}. Change network`} onClick={() => go({ name: 'settings' })}>
          {network.value?.label ?? '…'}
        </button>
        <button onClick={() => { resetPortfolio(); void updateWallet(call('vault:lock')); }}>Lock</button>
      </header>
      <Screen />
      <nav class="tabs" aria-label="Sections">
        {TABS.map((t) => (
          <button key={t.name} aria-current={route.value.name === t.name ? 'page' : undefined} onClick={() => go({ name: t.name } as Route)}>{t.label}</button>
        ))}
      </nav>
    </>
  );
}
