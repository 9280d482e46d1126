// The UI half of the one typed contract: popup / approval ⇄ background over runtime.sendMessage,
// channel UI_CHANNEL. (The dApp half, page ⇄ content ⇄ background, is dapp-protocol.ts.) Each
// method is declared once, in ui-methods.ts; every type here is read off that table. Only types: the
// pages load this module before their first paint, and the table (schemas, validation) stays out of it.
import type { Result } from './errors';
import type { FlaggedMethods, ParamsOf, ResultOf } from './method-table';
import type { uiMethods } from './ui-methods';

export const UI_CHANNEL = 'tidepool/ui';

type UiTable = typeof uiMethods;
export type UiMethod = keyof UiTable;
export type UiParams<M extends UiMethod> = ParamsOf<UiTable[M]>;
export type UiResult<M extends UiMethod> = ResultOf<UiTable[M]>;

export type SecretBearingMethod = FlaggedMethods<UiTable, 'secret'>;

export type UiResponse<M extends UiMethod = UiMethod> = Result<UiResult<M>>;
