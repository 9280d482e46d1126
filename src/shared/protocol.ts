// The UI half of the one typed contract: popup / approval ⇄ background over runtime.sendMessage,
// channel UI_CHANNEL. (The dApp half, page ⇄ content ⇄ background, is dapp-protocol.ts.) Each
// method is declared once, in ui-methods.ts; everything here is read off that table.
import type { Result } from './errors';
import { flaggedMethods, type FlaggedMethods, type ParamsOf, type ResultOf } from './method-table';
import { uiMethods } from './ui-methods';

export const UI_CHANNEL = 'tidepool/ui';

type UiTable = typeof uiMethods;
export type UiMethod = keyof UiTable;
export type UiParams<M extends UiMethod> = ParamsOf<UiTable[M]>;
export type UiResult<M extends UiMethod> = ResultOf<UiTable[M]>;

/** Methods that sign and send: if the background stops mid-way, what it signed is still confirmed. */
export const SENDING_METHODS = flaggedMethods(uiMethods, 'sends');

/** The only methods whose results carry secrets; tests assert nothing else ever does. */
export const SECRET_BEARING_METHODS = flaggedMethods(uiMethods, 'secret');
export type SecretBearingMethod = FlaggedMethods<UiTable, 'secret'>;

export type UiResponse<M extends UiMethod = UiMethod> = Result<UiResult<M>>;
