// The UI's only way to reach the background: typed calls over runtime messaging.
import browser from 'webextension-polyfill';
import type { ErrorCode, WireError } from '../shared/errors';
import { hasFlag } from '../shared/method-table';
import { UI_CHANNEL, type UiMethod, type UiParams, type UiResponse, type UiResult } from '../shared/protocol';

export class CallError extends Error {
  readonly code: ErrorCode;
  constructor(error: WireError) {
    super(error.message);
    this.code = error.code;
  }
}

export async function call<M extends UiMethod>(
  method: M,
  ...args: {} extends UiParams<M> ? [UiParams<M>?] : [UiParams<M>]
): Promise<UiResult<M>> {
  // `gesture`: made while this page holds the browser's user activation (a real click or key press
  // moments ago). Timers and focus events never have it; the background decides what counts.
  const request = {
    channel: UI_CHANNEL,
    method,
    params: args[0] ?? {},
    gesture: navigator.userActivation?.isActive === true,
  };
  let response: UiResponse<M> | undefined;
  try {
    response = (await browser.runtime.sendMessage(request)) as UiResponse<M> | undefined;
  } catch (error) {
    throw await noAnswer(method, ` (${(error as Error).message})`);
  }
  if (!response) throw await noAnswer(method, '');
  if (!response.ok) throw new CallError(response.error);
  return response.result;
}

/**
 * Chrome stopped the background mid-call. For a send, a signed transaction is not lost: the
 * restarted background confirms it, so the person must look before trying again.
 */
async function noAnswer(method: UiMethod, detail: string): Promise<CallError> {
  // The method table (schemas and all) is loaded only on this rare path, not before the first paint.
  const { uiMethods } = await import('../shared/ui-methods');
  if (hasFlag(uiMethods, method, 'sends')) {
    return new CallError({
      code: 'interrupted',
      message:
        'Tidepool’s background restarted before answering. Anything it had signed is still being confirmed: check Activity before you try again.',
    });
  }
  return new CallError({ code: 'internal', message: `The wallet’s background did not answer${detail}.` });
}
