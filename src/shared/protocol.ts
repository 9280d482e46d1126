// The UI half of the one typed contract: popup / approval ⇄ background over runtime.sendMessage,
// channel UI_CHANNEL. (The dApp half, page ⇄ content ⇄ background, is dapp-protocol.ts.)
// Amounts are decimal strings of base units (lamports, token units): JSON has no u64.
import type { NetworkInfo } from './networks';
import type { WalletState } from './accounts';
import type { Result } from './errors';
import type { Infer } from './validate';
import type { uiParams } from './ui-params';
import type { ActivityItem } from './activity';
import type { ApprovalView, ConnectedSite } from './approval';
import type { ConvertQuote, PoolSummary, PortfolioView, StakeQuote, TxOutcome, UnstakeQuote } from './staking';

export const UI_CHANNEL = 'tidepool/ui';

interface UiResults {
  'app:ping': { workerStartedAt: number; now: number };
  'network:get': { current: NetworkInfo; builtins: NetworkInfo[] };
  'network:set': NetworkInfo;

  'wallet:state': WalletState;
  /** The one moment a new phrase crosses to the UI: shown once for the user to write down. */
  'vault:generatePhrase': { phrase: string[] };
  'vault:create': WalletState;
  'vault:importPhrase': WalletState;
  'vault:importSecretKey': WalletState;
  'vault:unlock': WalletState;
  'vault:lock': WalletState;
  'vault:changePassword': WalletState;
  /** Password-gated reveal flow. */
  'vault:revealPhrase': { phrase: string[] };
  /** Password-gated export flow. */
  'vault:exportSecretKey': { secretKey: string };
  'accounts:add': WalletState;
  'accounts:importSecretKey': WalletState;
  'accounts:rename': WalletState;
  'accounts:select': WalletState;
  'accounts:scan': { found: { index: number; address: string; lamports: string }[] };
  'accounts:addDerived': WalletState;
  'settings:setAutoLock': WalletState;

  /** `refresh: false` answers from the cache at once; `true` asks the chain (one round trip). */
  'portfolio:get': PortfolioView;
  'pools:list': { pools: PoolSummary[]; epoch: number };
  'stake:limits': { maxLamports: string; reserveLamports: string; tokenBalance: string };
  'stake:quote': StakeQuote;
  'stake:execute': { quote: StakeQuote; outcome: TxOutcome };
  'unstake:quote': UnstakeQuote;
  'unstake:execute': { quote: UnstakeQuote; outcome: TxOutcome };
  'stakeAccount:withdraw': TxOutcome;
  'stakeAccount:convertQuote': ConvertQuote;
  'stakeAccount:convert': { quote: ConvertQuote; outcome: TxOutcome };
  'send:execute': TxOutcome;
  'activity:list': { items: ActivityItem[] };

  /** The approval window: the first pending request (or the one asked for), and the decision. */
  'approval:get': ApprovalView | null;
  /** `revision` names the view decided on: a decision on a view no longer the latest is refused. */
  'approval:decide': { remaining: number; outcome: 'approved' | 'rejected' | 'failed'; error?: string };
  /** Rejects every request not yet approved. */
  'approval:rejectAll': { rejected: number };
  'sites:list': { sites: ConnectedSite[] };
  'sites:revoke': { sites: ConnectedSite[] };
}

/** Methods that sign and send: if the background stops mid-way, what it signed is still confirmed. */
export const SENDING_METHODS = ['stake:execute', 'unstake:execute', 'stakeAccount:withdraw', 'stakeAccount:convert', 'send:execute', 'approval:decide'] as const;

/** The only methods whose results carry secrets; tests assert nothing else ever does. */
export const SECRET_BEARING_METHODS = ['vault:generatePhrase', 'vault:revealPhrase', 'vault:exportSecretKey'] as const;

export type UiMethod = keyof UiResults & keyof typeof uiParams;
export type UiParams<M extends UiMethod> = Infer<(typeof uiParams)[M]>;
export type UiResult<M extends UiMethod> = UiResults[M];

export type UiResponse<M extends UiMethod = UiMethod> = Result<UiResult<M>>;
