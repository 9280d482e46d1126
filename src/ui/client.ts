// The UI's only way to reach the background: typed calls over runtime messaging.
import browser from 'webextension-polyfill';
import type { ErrorCode, WireError } from '../shared/errors';
import { UI_CHANNEL, type UiMethod, type UiParams, type UiResponse, type UiResult } from '../shared/protocol';

export class CallError extends Error {
  readonly code: ErrorCode;
  constructor(error: WireError) {
    super(error.message);
    this.code = error.code;
  }
}

export async function call<M extends UiMethod>(method: M, ...args: {} extends UiParams<M> ? [UiParams<M>?] : [UiParams<M>]): Promise<UiResult<M>> {
  const request = { channel: UI_CHANNEL, method, params: args[0] ?? {} };
  let response: UiResponse<M> | undefined;
  try {
    response = (await browser.runtime.sendMessage(request)) as UiResponse<M> | undefined;
  } catch (error) {
    throw new CallError({ code: 'internal', message: `The wallet’s background did not answer (${(error as Error).message}).` });
  }
  if (!response) throw new CallError({ code: 'internal', message: 'The wallet’s background did not answer.' });
  if (!response.ok) throw new CallError(response.error);
  return response.result;
}
