import { signal } from '@preact/signals';

export type Route =
  | { name: 'home' }
  /** Home with one asset's detail open over it ('SOL' or the LST's mint). */
  | { name: 'token'; mint: string }
  | { name: 'stake'; pool?: string }
  | { name: 'unstake'; pool?: string }
  /** Every way out of one LST into SOL, side by side. */
  | { name: 'exits'; mint: string }
  /** SOL into INF or mSOL (their own programs, not a stake pool's). */
  | { name: 'routeStake'; into: 'infinity' | 'marinade' }
  | { name: 'send'; mint?: string }
  | { name: 'convert'; stakeAccount: string; voter: string; pool?: string }
  | { name: 'native'; voter?: string }
  | { name: 'stakeAccount'; address: string }
  | { name: 'waiting' }
  | { name: 'receive' }
  | { name: 'activity' }
  | { name: 'income' }
  | { name: 'settings' }
  | { name: 'accounts' }
  | { name: 'explainer'; symbol?: string };

export const route = signal<Route>({ name: 'home' });
export const go = (next: Route) => {
  route.value = next;
};
