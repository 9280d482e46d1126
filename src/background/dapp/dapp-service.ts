// dApp requests, decided in the background: the origin is the port's, every request other than
// connect and signIn needs a connected site and account, and everything else waits in the approval
// state machine (approvals.ts) for a person. What each method checks, shows and does is its own
// module's (methods/); this file runs the phases with what they share. A review runs on the engine
// of the network the settings pick at its start, and the request records that network; carrying it
// out (or finding out how an interrupted one ended) runs on that network's engine, whatever the
// settings pick by then. The keys are reached only through the narrow ports in DappDeps.
import { blocking } from '../../shared/approval';
import { dappMethods } from '../../shared/dapp-methods';
import type { DappResult } from '../../shared/dapp-protocol';
import { WalletError, type Result } from '../../shared/errors';
import { hasFlag } from '../../shared/method-table';
import type { NetworkInfo } from '../../shared/networks';
import type { Signer } from '../chain/tx-sender';
import { toWireError } from '../wire-error';
import {
  isApproved,
  type Approved,
  type DappRequest,
  type ApprovalEntry,
  type QueuedRequest,
  type RequestSource,
} from './approval-types';
import type { ConnectedSites } from './connected-sites';
import { NOT_SIGNED, type DappEngine, type DappMethodHandler } from './methods/method';
import { handlerOf } from './methods/table';
import type { Reviewed } from './reviewed-view';

/** The engine of the network the settings pick now, and the one of a network a request was shown on. */
export interface DappEngines {
  current(): Promise<DappEngine>;
  for(network: NetworkInfo): DappEngine;
}

export interface DappDeps {
  engines: DappEngines;
  sites: ConnectedSites;
  /** The selected account, or null when locked (a woken worker reopens the keyring first). */
  activeAccount(): Promise<string | null>;
  /** The name the person gave one of their accounts; null for none, or an account not theirs. */
  accountName(address: string): string | null;
  /** The one signing entry point, the engines' own. */
  sign: Signer;
  /**
   * Hands a request to the approval state machine, to wait for a person; `connected` names the
   * origins connected to the active account (the others share half the queue).
   */
  enqueue(source: RequestSource, request: QueuedRequest, connected: ReadonlySet<string>): Promise<unknown>;
}

export class DappService {
  constructor(private readonly deps: DappDeps) {}

  /** Answers at once, or queues for approval (returns null: the answer comes when decided). */
  async request(
    source: RequestSource,
    request: DappRequest,
  ): Promise<DappResult<DappRequest['method']> | null> {
    const { sites, engines } = this.deps;
    if (request.method === 'disconnect') {
      await sites.revoke(source.origin);
      return {};
    }
    const handler: DappMethodHandler<typeof request.method> = handlerOf(request.method);
    const active = await this.deps.activeAccount();
    const account = handler.account(request.params);
    if (account !== null) {
      if (!(await sites.isConnected(source.origin, account)))
        throw new WalletError(
          'unauthorized',
          'This site is not connected to that Tidepool account. Connect first.',
        );
      checkChain(handler.chain(request.params), (await engines.current()).rpc.network);
    }
    const answer = await handler.gate({
      origin: source.origin,
      params: request.params,
      active,
      sites,
      current: () => engines.current(),
    });
    if (answer !== null) return answer;
    const connected = new Set(
      (await sites.list()).filter((s) => active && s.accounts.includes(active)).map((s) => s.origin),
    );
    await this.deps.enqueue(source, request, connected);
    return null;
  }

  /** The approval window's view of one request, the minimum a stake is held to, and the network it is shown for. */
  async review(entry: ApprovalEntry): Promise<Reviewed> {
    const engine = await this.deps.engines.current();
    const { network } = engine.rpc;
    const active = await this.deps.activeAccount();
    const handler: DappMethodHandler<typeof entry.method> = handlerOf(entry.method);
    const account = handler.account(entry.params) ?? active;
    const base = {
      id: entry.id,
      origin: entry.origin,
      favicon: entry.favicon,
      account,
      chain: network.chain,
      networkLabel: network.label,
      accountName: account === null ? null : this.deps.accountName(account),
      locked: active === null,
      warnings: [] as ReturnType<typeof blocking>[],
    };
    if (active === null || account === null || isApproved(entry))
      return { view: handler.unreviewed(base), minimum: null, network };
    if (account !== active)
      base.warnings.push(
        blocking(
          'other_account',
          'This request is for an account other than the one selected in Tidepool; switch accounts to approve it.',
        ),
      );
    const { view, minimum } = await handler.review({ entry, base, account, active, engine });
    return { view, minimum, network };
  }

  /**
   * The answer for a request the previous worker stopped carrying out. A transaction it sends is
   * recorded under the request's id, so its record says truthfully how far it got (and it is
   * watched to its end); nothing is signed again.
   */
  async finishInterrupted(entry: Approved): Promise<Result<unknown>> {
    try {
      if (!hasFlag(dappMethods, entry.method, 'sends'))
        throw new WalletError(
          'interrupted',
          'Tidepool restarted before it could answer; nothing was sent. Ask again.',
        );
      const signature = await this.deps.engines.for(entry.state.network).sender.settle(entry.id);
      if (signature === null)
        throw new WalletError(
          'interrupted',
          'Tidepool restarted before signing this request; nothing was signed or sent. Ask again.',
        );
      return { ok: true, result: { signature } };
    } catch (error) {
      return { ok: false, error: toWireError(error) };
    }
  }

  /**
   * Runs an approved request, on the network it was shown for; everything is checked again, since
   * time has passed.
   */
  async execute(entry: Approved): Promise<DappResult<Approved['method']>> {
    const { sites, sign } = this.deps;
    const engine = this.deps.engines.for(entry.state.network);
    const active = await this.deps.activeAccount();
    if (active === null)
      throw new WalletError('locked', 'Tidepool is locked. Unlock it with your password first.');
    const handler: DappMethodHandler<typeof entry.method> = handlerOf(entry.method);
    await this.#stillAllowed(handler, entry, active, engine.rpc.network);
    return handler.execute({ entry, active, engine, sites, sign });
  }

  /** Signed with the account the person was shown, for a site still connected, on the chain it names, or not at all. */
  async #stillAllowed(
    handler: DappMethodHandler<Approved['method']>,
    entry: Approved,
    active: string,
    network: NetworkInfo,
  ): Promise<void> {
    // The selection may have changed since the request was shown.
    if (entry.state.account !== active)
      throw new WalletError(
        'invalid_request',
        `The selected Tidepool account is not the one this request showed. ${NOT_SIGNED}`,
      );
    const account = handler.account(entry.params);
    if (account === null) return; // it asked which: the active one, just checked
    if (account !== active)
      throw new WalletError(
        'invalid_request',
        'The account this request is for is not the selected Tidepool account.',
      );
    // A site disconnected (in Settings, or by itself) while its request waited gets nothing signed.
    if (!(await this.deps.sites.isConnected(entry.origin, active)))
      throw new WalletError(
        'unauthorized',
        `This site is no longer connected to that Tidepool account. ${NOT_SIGNED}`,
      );
    checkChain(handler.chain(entry.params), network);
  }
}

/** A request that names a chain is carried out only on that chain. */
function checkChain(chain: string | undefined, network: NetworkInfo): void {
  if (chain !== undefined && chain !== network.chain) {
    throw new WalletError(
      'invalid_request',
      `Tidepool is on ${network.label} (${network.chain}), not ${chain}. Switch networks in Tidepool, or ask on ${network.chain}.`,
    );
  }
}
