// The worker's runtime.onMessage listener for our own pages. The sender is checked before anything
// else runs: only a page of this extension (the popup, the approval window) is served; a content
// script (our id, but a web page's URL), another extension and a web page are refused with
// 'forbidden', and their message is never parsed, never waits on the vault, never counts as the
// person's activity. What the browser vouches for (id, url) decides, not what the message says.
import type { UiResponse } from '../../shared/protocol';
import { isOwnPage, isUserActivity } from './router';

/** What runtime.onMessage says about who sent a message (the fields the check reads). */
export interface MessageSender {
  id?: string;
  url?: string;
}

interface UiListenerDeps {
  /** browser.runtime.id */
  extensionId: string;
  /** browser.runtime.getURL(''): "chrome-extension://<id>/" or Firefox's "moz-extension://<uuid>/". */
  extensionOrigin: string;
  /** Validates and runs the request (createUiRouter). */
  dispatch(message: unknown): Promise<UiResponse>;
  /** Runs before every served request: the vault restored, the auto-lock enforced. */
  beforeDispatch(): Promise<void>;
  /** A person's input (isUserActivity) was served: postpone the auto-lock. */
  onUserActivity(): void;
}

export function createUiListener({
  extensionId,
  extensionOrigin,
  dispatch,
  beforeDispatch,
  onUserActivity,
}: UiListenerDeps) {
  return async (message: unknown, from: MessageSender): Promise<UiResponse> => {
    if (!isOwnPage(from, extensionId, extensionOrigin)) {
      return {
        ok: false,
        error: { code: 'forbidden', message: 'Only Tidepool’s own pages may call the wallet this way.' },
      };
    }
    await beforeDispatch();
    const response = await dispatch(message);
    // Only a person's input postpones the auto-lock: not polls, not anything a dApp sets off.
    if (isUserActivity(message)) onUserActivity();
    return response;
  };
}
