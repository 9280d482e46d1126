// Which sites may see which accounts: approved once per origin and account, revocable from the
// popup. Public data, kept in local storage.
import type { ConnectedSite } from '../../shared/approval';
import type { StorageArea } from '../storage';

// What this module keeps in storage (the schema in shared/storage-schema.ts names the key's area and version).
declare module '../storage' {
  interface StoredTypes {
    connectedSites: Record<string, ConnectedSite>; // by origin
  }
}

export class ConnectedSites {
  constructor(private readonly storage: StorageArea<'local'>) {}

  async list(): Promise<ConnectedSite[]> {
    return Object.values((await this.storage.get('connectedSites')) ?? {});
  }

  async accountsOf(origin: string): Promise<string[]> {
    return (await this.list()).find((s) => s.origin === origin)?.accounts ?? [];
  }

  async isConnected(origin: string, account: string): Promise<boolean> {
    return (await this.accountsOf(origin)).includes(account);
  }

  async connect(origin: string, account: string): Promise<void> {
    const all = (await this.storage.get('connectedSites')) ?? {};
    const site = all[origin] ?? { origin, accounts: [], connectedAt: Date.now() };
    if (!site.accounts.includes(account)) site.accounts = [...site.accounts, account];
    await this.storage.set('connectedSites', { ...all, [origin]: site });
  }

  async revoke(origin: string): Promise<void> {
    const all = (await this.storage.get('connectedSites')) ?? {};
    delete all[origin];
    await this.storage.set('connectedSites', all);
  }
}
