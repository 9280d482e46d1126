// The unlocked wallet: a header (account, network, lock), the current screen, and tabs.
import { call } from '../../ui/client';
import { shortAddress } from '../../shared/format';
import { activeAccount, updateWallet } from '../models/wallet';
import { go, route, type Route } from '../models/route';
import { network } from '../models/network';
import { resetPortfolio } from '../models/portfolio';
import { lazyScreen } from '../lazy-screen';
import { Home } from './Home';

// Home is the first paint; the other screens are chunks of their own (see lazy-screen.tsx).
const Accounts = lazyScreen(() => import('./Accounts').then((m) => m.Accounts));
const Activity = lazyScreen(() => import('./Activity').then((m) => m.Activity));
const Convert = lazyScreen(() => import('./Convert').then((m) => m.Convert));
const Explainer = lazyScreen(() => import('./Explainer').then((m) => m.Explainer));
const Income = lazyScreen(() => import('./Income').then((m) => m.Income));
const NativeStake = lazyScreen(() => import('./NativeStake').then((m) => m.NativeStake));
const Receive = lazyScreen(() => import('./Receive').then((m) => m.Receive));
const Send = lazyScreen(() => import('./Send').then((m) => m.Send));
const Settings = lazyScreen(() => import('./Settings').then((m) => m.Settings));
const Stake = lazyScreen(() => import('./Stake').then((m) => m.Stake));
const StakeAccount = lazyScreen(() => import('./StakeAccount').then((m) => m.StakeAccount));
const Unstake = lazyScreen(() => import('./Unstake').then((m) => m.Unstake));
const Exits = lazyScreen(() => import('./Exits').then((m) => m.Exits));
const RouteStake = lazyScreen(() => import('./RouteStake').then((m) => m.RouteStake));
const Waiting = lazyScreen(() => import('./Waiting').then((m) => m.Waiting));

const TABS: { name: Route['name']; label: string }[] = [
  { name: 'home', label: 'Home' },
  { name: 'stake', label: 'Stake' },
  { name: 'send', label: 'Send' },
  { name: 'activity', label: 'Activity' },
  { name: 'income', label: 'Income' },
  { name: 'settings', label: 'Settings' },
];

/** The tab a route belongs to: an asset's detail is part of Home. */
const section = (r: Route): Route['name'] => (r.name === 'token' ? 'home' : r.name);

function Screen() {
  const current = route.value;
  switch (current.name) {
    case 'home':
    case 'token':
      // One Home for both: opening and closing an asset's detail keeps the list as it is.
      return <Home detail={current.name === 'token' ? current.mint : null} />;
    case 'stake':
      return <Stake key={current.pool ?? ''} />;
    case 'unstake':
      return <Unstake key={current.pool ?? ''} />;
    case 'exits':
      return <Exits key={current.mint} mint={current.mint} />;
    case 'routeStake':
      return <RouteStake key={current.into} into={current.into} />;
    case 'convert':
      return (
        <Convert
          key={current.stakeAccount}
          stakeAccount={current.stakeAccount}
          voter={current.voter}
          pool={current.pool}
        />
      );
    case 'native':
      return <NativeStake key={current.voter ?? ''} />;
    case 'waiting':
      return <Waiting />;
    case 'stakeAccount':
      return <StakeAccount key={current.address} address={current.address} />;
    case 'send':
      return <Send />;
    case 'receive':
      return <Receive />;
    case 'activity':
      return <Activity />;
    case 'income':
      return <Income />;
    case 'settings':
      return <Settings />;
    case 'accounts':
      return <Accounts />;
    case 'explainer':
      return <Explainer />;
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
        {/* The name a screen reader hears starts with what the button does, then what it shows. */}
        <button class="account-switch" onClick={() => go({ name: 'accounts' })}>
          <span class="sr-only">Switch account, now </span>
          <strong>{account?.name ?? 'none'}</strong>{' '}
          <span class="mono muted">{account && shortAddress(account.address)}</span>
        </button>
        <button
          class="network"
          aria-label={`Network: ${network.value?.label ?? '…'}. Change network`}
          onClick={() => go({ name: 'settings' })}
        >
          {network.value?.label ?? '…'}
        </button>
        <button
          onClick={() => {
            resetPortfolio();
            void updateWallet(call('vault:lock'));
          }}
        >
          Lock
        </button>
      </header>
      <Screen />
      <nav class="tabs" aria-label="Sections">
        {TABS.map((t) => (
          <button
            key={t.name}
            aria-current={section(route.value) === t.name ? 'page' : undefined}
            onClick={() => go({ name: t.name } as Route)}
          >
            {t.label}
          </button>
        ))}
      </nav>
    </>
  );
}
