// The unlocked wallet: a header (account, network, lock), the current screen, and tabs.
import { call } from '../../ui/client';
import { shortAddress } from '../../shared/format';
import { activeAccount, updateWallet } from '../models/wallet';
import { go, route, type Route } from '../models/route';
import { network } from '../models/network';
import { Accounts } from './Accounts';
import { Home } from './Home';
import { Settings } from './Settings';

const TABS: { name: Route['name']; label: string }[] = [
  { name: 'home', label: 'Home' },
  { name: 'stake', label: 'Stake' },
  { name: 'send', label: 'Send' },
  { name: 'activity', label: 'Activity' },
  { name: 'settings', label: 'Settings' },
];

function Screen() {
  switch (route.value.name) {
    case 'accounts': return <Accounts />;
    case 'settings': return <Settings />;
    default: return <Home />;
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
        <button onClick={() => updateWallet(call('vault:lock'))}>Lock</button>
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
