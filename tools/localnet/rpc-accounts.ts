// Account reads: single and multiple accounts and balances straight from the bank; a program's
// accounts and token accounts by owner from the secondary indexes, as a real node answers them
// (lagging when the localnet runs with --index-lag). Every read honours minContextSlot.
import bs58 from 'bs58';
import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from './accounts.ts';
import type { LocalChain } from './chain.ts';
import { compileFilters, configParam, encodeAccount, pubkeyParam, type Json } from './encoding.ts';
import { invalidParams } from './rpc-errors.ts';
import { contextOf, readConfig, type Method } from './rpc-method.ts';

export function accountMethods(chain: LocalChain): Record<string, Method> {
  const withContext = contextOf(chain);
  return {
    getBalance: ([pubkey, config]) => {
      readConfig(chain, config);
      return withContext(Number(chain.getAccount(pubkeyParam(pubkey))?.lamports ?? 0n));
    },
    getAccountInfo: ([pubkey, config]) => {
      const cfg = readConfig(chain, config);
      return withContext(encodeAccount(chain.indexed, chain.indexed.getAccount(pubkeyParam(pubkey)), cfg));
    },
    getMultipleAccounts: ([pubkeys, config]) => {
      if (!Array.isArray(pubkeys)) throw invalidParams('expected an array of public keys');
      if (pubkeys.length > 100) throw invalidParams('Too many inputs provided; max 100');
      const cfg = readConfig(chain, config);
      return withContext(
        pubkeys.map((p) => encodeAccount(chain.indexed, chain.indexed.getAccount(pubkeyParam(p)), cfg)),
      );
    },
    getTokenAccountsByOwner: ([owner, filter, config]) => {
      const ownerKey = pubkeyParam(owner, 'owner');
      const f = configParam(filter);
      const mint = f.mint === undefined ? undefined : pubkeyParam(f.mint, 'mint');
      const programId = f.programId === undefined ? undefined : pubkeyParam(f.programId, 'programId');
      if (!mint && !programId) throw invalidParams('expected a mint or programId filter');
      const cfg = readConfig(chain, config);
      const programs = programId ? [programId] : [TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID];
      const ownerBytes = bs58.decode(ownerKey);
      const mintBytes = mint ? bs58.decode(mint) : undefined;
      // From the owner index (as a real node's), each account checked as the scan did.
      const accounts = chain.indexedTokenAccounts(ownerKey).filter(({ account }) => {
        const d = account.data;
        return (
          programs.includes(account.owner) &&
          d.length >= 165 &&
          Buffer.from(d.subarray(32, 64)).equals(ownerBytes) &&
          (!mintBytes || Buffer.from(d.subarray(0, 32)).equals(mintBytes))
        );
      });
      return withContext(
        accounts.map(({ address, account }) => ({
          pubkey: address,
          account: encodeAccount(chain.indexed, account, cfg),
        })),
      );
    },
    getTokenAccountBalance: ([pubkey, config]) => {
      readConfig(chain, config);
      const account = chain.getAccount(pubkeyParam(pubkey));
      const parsed = account
        ? (encodeAccount(chain, account, { encoding: 'jsonParsed' }) as {
            data: { parsed?: { info: { tokenAmount: Json } } };
          })
        : null;
      if (!parsed?.data.parsed) throw invalidParams('Invalid param: not a Token account');
      return withContext(parsed.data.parsed.info.tokenAmount);
    },
    getTokenSupply: ([pubkey, config]) => {
      readConfig(chain, config);
      const account = chain.getAccount(pubkeyParam(pubkey));
      if (
        !account ||
        account.data.length < 82 ||
        (account.owner !== TOKEN_PROGRAM_ID && account.owner !== TOKEN_2022_PROGRAM_ID)
      ) {
        throw invalidParams('Invalid param: not a Token mint');
      }
      const supply = Buffer.from(account.data).readBigUInt64LE(36);
      const decimals = account.data[44]!;
      return withContext({
        amount: supply.toString(),
        decimals,
        uiAmount: null,
        uiAmountString: supply.toString(),
      });
    },
    getProgramAccounts: ([programId, config]) => {
      const cfg = readConfig(chain, config);
      const matching = compileFilters(cfg.filters);
      const matches = chain
        .indexedProgramAccounts(pubkeyParam(programId, 'program id'))
        .filter(({ account }) => matching(account.data))
        .map(({ address, account }) => ({ pubkey: address, account: encodeAccount(chain, account, cfg) }));
      return cfg.withContext ? withContext(matches) : matches;
    },
  };
}
