// Dispatches popup/approval requests: checks the sender is one of our own pages, validates the
// parameters against the protocol schema, runs the handler, and turns every failure into a
// typed error. No exception ever escapes to the runtime. It also decides, from the message alone,
// whether a request is a person's activity that may postpone the auto-lock.
import {
  UI_CHANNEL,
  type UiMethod,
  type UiParams,
  type UiResponse,
  type UiResult,
} from '../../shared/protocol';
import { hasFlag } from '../../shared/method-table';
import { uiMethods } from '../../shared/ui-methods';
import { ValidationError } from '../../shared/validate';
import { toWireError } from '../wire-error';

interface UiSender {
  id?: string;
  url?: string;
}

export type UiHandlers = { [M in UiMethod]: (params: UiParams<M>) => Promise<UiResult<M>> | UiResult<M> };

/** A method the protocol declares (an own key of the table: `__proto__` and `toString` are not). */
const isUiMethod = (method: unknown): method is UiMethod =>
  typeof method === 'string' && Object.hasOwn(uiMethods, method);

export function isOwnPage(sender: UiSender, extensionId: string, extensionOrigin: string): boolean {
  return (
    sender.id === extensionId && typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin)
  );
}

/**
 * Whether a request from one of our own pages (the caller checks the sender first) is a person's
 * activity: the page marks a call made while it holds the browser's user activation (a real click
 * or key press within the last seconds, which no script can forge), and the method is one that
 * only follows such input (not one declared `unattended`: our pages call those on their own — on
 * load, on a timer, when the window gains focus, which a dApp causes by sending a request). Web
 * pages never reach this channel; dApp requests never count.
 */
export function isUserActivity(message: unknown): boolean {
  if (typeof message !== 'object' || message === null) return false;
  const { channel, method, gesture } = message as Record<string, unknown>;
  return (
    channel === UI_CHANNEL &&
    gesture === true &&
    isUiMethod(method) &&
    !hasFlag(uiMethods, method, 'unattended')
  );
}

export function createUiRouter(handlers: UiHandlers) {
  return async function dispatch(message: unknown): Promise<UiResponse> {
    try {
      if (typeof message !== 'object' || message === null)
        throw new ValidationError('', 'expected a request object');
      const { channel, method, params } = message as Record<string, unknown>;
      if (channel !== UI_CHANNEL) throw new ValidationError('channel', 'unknown channel');
      if (!isUiMethod(method) || !Object.hasOwn(handlers, method)) {
        throw new ValidationError('method', `unknown method ${String(method).slice(0, 64)}`);
      }
      const parsed = uiMethods[method].params.parse(params, 'params');
      // Schema and handler are looked up by the same method, a pairing TypeScript cannot follow
      // through a union key; UiHandlers (one handler per method, typed by its declaration) holds it.
      const handler = handlers[method] as (p: unknown) => Promise<unknown> | unknown;
      return { ok: true, result: (await handler(parsed)) as UiResult<UiMethod> };
    } catch (error) {
      return { ok: false, error: toWireError(error) };
    }
  };
}
