// The wallet as the popup sees it: public state only, refreshed from the background.
import { computed, signal } from '@preact/signals';
import type { WalletState } from '../../shared/accounts';
import { call } from '../../ui/client';

export const wallet = signal<WalletState | null>(null);
export const activeAccount = computed(
  () => wallet.value?.accounts.find((a) => a.address === wallet.value?.activeAddress) ?? null,
);

export async function refreshWallet(): Promise<WalletState> {
  const state = await call('wallet:state');
  wallet.value = state;
  return state;
}

/** Runs a call that returns the new wallet state, and publishes it. */
export async function updateWallet(request: Promise<WalletState>): Promise<WalletState> {
  const state = await request;
  wallet.value = state;
  return state;
}

/** Set after a phrase import, so the popup offers the phrase's other used accounts once. */
export const offerDiscovery = signal(false);
