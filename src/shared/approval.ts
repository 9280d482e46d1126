// What the approval window shows for one pending dApp request: public data only, already
// decoded into words by the background.
import type { ChainId } from './networks';
import type { DappMethod } from './dapp-protocol';

export interface DecodedInstruction {
  program: string;
  /** Plain words: "Send 1 SOL to 9xQe…" */
  summary: string;
  known: boolean;
}

export interface BalanceChange {
  asset: string;
  /** Signed, formatted with the asset's decimals: "-1.000005". */
  change: string;
}

export interface ApprovalView {
  id: string;
  origin: string;
  favicon: string | null;
  method: DappMethod;
  account: string | null;
  accountName: string | null;
  chain: ChainId;
  networkLabel: string;
  locked: boolean;
  /** Approved and being carried out (the window shows progress, not buttons). */
  inProgress?: boolean;
  position: number;
  total: number;
  /** Things that should stop a careless click, most important first. */
  warnings: string[];
  instructions?: DecodedInstruction[];
  balanceChanges?: BalanceChange[];
  networkFeeLamports?: string;
  simulationError?: string | null;
  message?: { text: string; encoding: 'utf8' | 'hex' };
  /** tidepool:stake: the quote the wallet will execute. */
  intent?: { summary: string; blocked: string | null };
}

export interface ConnectedSite {
  origin: string;
  accounts: string[];
  connectedAt: number;
}
