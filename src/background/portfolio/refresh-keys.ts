// Which accounts a portfolio refresh reads for the tokens held, and the part of the next refresh's
// plan that values them: what values each token (its pool, or the adapter's accounts for INF and
// mSOL), a Token-2022 mint's own account (its transfer fee is the row's to say), and a token's
// metadata when its name is due. The owner's own accounts, read directly, are owned-accounts.ts's.
import { TOKEN_2022_PROGRAM_ID } from '@solana/spl-token';
import type { NetworkInfo } from '../../shared/networks';
import { MARINADE_STATE, MSOL_MINT } from '../../shared/marinade';
import type { RawAccount } from '../chain/raw-account';
import { knownLstByMint, registryEntry } from '../staking/lst-registry';
import { INF_MINT, INF_POOL_STATE } from './adapters/infinity';
import type { HeldToken } from './holdings';
import { NEVER, type RefreshPlan } from './refresh-plan';
import { nameKeys, readName, type NameBook } from './token-names';

const TOKEN_2022 = TOKEN_2022_PROGRAM_ID.toBase58();

/** What values INF and mSOL: read only when they are held. */
const ADAPTER_KEYS = new Map<string, string[]>([
  [INF_MINT, [INF_POOL_STATE, INF_MINT]],
  [MSOL_MINT, [MARINADE_STATE]],
]);

/** What a refresh knows before it reads: the pools found so far and the names read. */
interface Known {
  pools: Record<string, string | null>;
  names: NameBook;
}

/** Whether an adapter (not a stake pool) values `mint`. */
export const hasAdapter = (mint: string) => ADAPTER_KEYS.has(mint);

/** Accounts that value `mint` (its pool when known, the adapter's accounts), not its name. */
function valueKeys(mint: string, network: NetworkInfo, pools: Record<string, string | null>): string[] {
  const pool = knownLstByMint(mint, network.chain)?.pool ?? pools[mint];
  return [...(pool ? [pool] : []), ...(ADAPTER_KEYS.get(mint) ?? [])];
}

/** Whether `mint` is named from its own metadata (the registry names the others). */
const namedFromMetadata = (mint: string, network: NetworkInfo) => !registryEntry(mint, network.chain);

/** A token account's mint and program (all the keys need to know of a held token). */
type Held = Pick<HeldToken, 'mint' | 'programId'>;

/** A Token-2022 mint is read with its holdings: its transfer fee is the row's to say. */
const ruleKeys = (t: Held) => (t.programId === TOKEN_2022 ? [t.mint] : []);

/** What this refresh must read for a held token: what values it, its mint's rules, and its metadata when its name is due. */
export function neededKeys(t: Held, network: NetworkInfo, known: Known): string[] {
  const nameDue = namedFromMetadata(t.mint, network) && known.names.get(t.mint) === undefined;
  return [
    ...valueKeys(t.mint, network, known.pools),
    ...ruleKeys(t),
    ...(nameDue ? nameKeys(t.mint, t.programId === TOKEN_2022) : []),
  ];
}

/** Names tokens whose name was due: their metadata was read in this refresh. */
export function nameNewTokens(
  held: HeldToken[],
  names: NameBook,
  account: (address: string) => RawAccount | null | undefined,
  network: NetworkInfo,
): void {
  for (const t of held) {
    if (namedFromMetadata(t.mint, network) && names.get(t.mint) === undefined)
      names.set(t.mint, readName(t.mint, account));
  }
}

/** The next refresh's plan: what these holdings need, with their names due when the earliest one is. */
export function nextPlan(
  held: HeldToken[],
  known: Known,
  network: NetworkInfo,
  now: number,
): Pick<RefreshPlan, 'keys' | 'nameKeys' | 'namesDueAt'> {
  const keys = new Set<string>();
  const names = new Set<string>();
  let namesDueAt = NEVER;
  for (const t of held) {
    for (const key of [...valueKeys(t.mint, network, known.pools), ...ruleKeys(t)]) keys.add(key);
    if (!namedFromMetadata(t.mint, network)) continue;
    for (const key of nameKeys(t.mint, t.programId === TOKEN_2022)) names.add(key);
    namesDueAt = Math.min(namesDueAt, known.names.dueAt(t.mint, now));
  }
  return { keys: [...keys], nameKeys: [...names], namesDueAt };
}
