import { signal } from '@preact/signals';
import type { NetworkInfo } from '../../shared/networks';
import { call } from '../../ui/client';

export const network = signal<NetworkInfo | null>(null);
export const builtinNetworks = signal<NetworkInfo[]>([]);

export async function refreshNetwork(): Promise<void> {
  const result = await call('network:get');
  network.value = result.current;
  builtinNetworks.value = result.builtins;
}
