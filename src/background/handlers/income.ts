// The income ledger's methods: the ledger of the active account on the cluster the settings pick
// now (its engine held for the request), and its backup file written and read back.
import type { Engines } from '../engines';
import type { UiHandlers } from '../ui/router';
import type { Vault } from '../vault/vault';
import { activeOwner } from './active-account';

export function incomeHandlers(vault: Vault, engines: Pick<Engines, 'current'>) {
  const ledger = async () => {
    const owner = activeOwner(vault).toBase58();
    return { owner, income: (await engines.current()).income };
  };
  return {
    'income:get': async () => {
      const { owner, income } = await ledger();
      return income.view(owner);
    },
    'income:export': async ({ from, to, format }) => {
      const { owner, income } = await ledger();
      return income.exportFile(owner, { from, to }, format);
    },
    'income:backup': async () => {
      const { owner, income } = await ledger();
      return income.backup(owner);
    },
    'income:restore': async ({ file }) => {
      const { owner, income } = await ledger();
      return income.restore(owner, file);
    },
  } satisfies Partial<UiHandlers>;
}
