// The one typed contract between the extension's contexts.
//   popup / approval  ⇄  background : runtime.sendMessage, channel UI_CHANNEL
//   content script    ⇄  background : runtime.connect port named DAPP_PORT
//   page (inpage)     ⇄  content    : window.postMessage, channel PAGE_CHANNEL
// Amounts are decimal strings of base units (lamports, token units): JSON has no u64.
import type { NetworkInfo } from './networks';
import type { Result } from './errors';
import type { Infer } from './validate';
import type { uiParams } from './ui-params';

export const UI_CHANNEL = 'tidepool/ui';

export interface ChainStatus {
  rpcUrl: string;
  slot: number;
  epoch: number;
  version: string;
}

export interface UiResults {
  'app:ping': { workerStartedAt: number; now: number };
  'network:get': { current: NetworkInfo; builtins: NetworkInfo[] };
  'network:set': NetworkInfo;
  'chain:status': ChainStatus;
}

export type UiMethod = keyof UiResults & keyof typeof uiParams;
export type UiParams<M extends UiMethod> = Infer<(typeof uiParams)[M]>;
export type UiResult<M extends UiMethod> = UiResults[M];

export interface UiRequest<M extends UiMethod = UiMethod> {
  channel: typeof UI_CHANNEL;
  method: M;
  params: UiParams<M>;
}

export type UiResponse<M extends UiMethod = UiMethod> = Result<UiResult<M>>;
