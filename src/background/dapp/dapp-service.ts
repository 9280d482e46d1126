// dApp requests, decided in the background: the origin is the port's, every request other than
// connect needs a connected site and account, and everything that signs waits in the approval
// state machine (approvals.ts) for a person. This file says what each request looks like in the
// window (review) and how an approved one is carried out (execute), typed per method. A review
// runs on the engine of the network the settings pick at its start, and the request records that
// network; carrying it out (or finding out how an interrupted one ended) runs on that network's
// engine, whatever the settings pick by then.
import { PublicKey, VersionedTransaction } from '@solana/web3.js';
import { blocking, type Warning } from '../../shared/approval';
import { dappMethods } from '../../shared/dapp-methods';
import type { DappResult } from '../../shared/dapp-protocol';
import { WalletError, type Result } from '../../shared/errors';
import { hasFlag } from '../../shared/method-table';
import type { NetworkInfo } from '../../shared/networks';
import type { RpcClient } from '../chain/rpc-client';
import type { SignatureFee } from '../chain/signature-fee';
import type { TransactionSender } from '../chain/tx-sender';
import type { StakingService } from '../staking/staking-service';
import type { RouteService } from '../staking/routes/route-service';
import { dappRoute } from '../staking/routes/dapp-routes';
import { toWireError } from '../wire-error';
import type { Vault } from '../vault/vault';
import {
  isApproved,
  type Approved,
  type DappRequest,
  type PendingApproval,
  type QueuedRequest,
  type RequestSource,
} from './approval-types';
import { unreviewed, type Reviewed } from './reviewed-view';
import type { ConnectedSites } from './connected-sites';
import { messageText } from './hidden-text';
import { checkLandable } from './review/blockhash';
import { signInMessage } from './sign-in';
import { messageWarnings } from './signed-message';
import { reviewStake } from './stake-review';
import { reviewTransaction } from './tx-review';

/** What one network's engine lends the dApp side (engine.ts builds all of it, bound to that network). */
interface DappEngine {
  rpc: RpcClient;
  fees: SignatureFee;
  sender: TransactionSender;
  staking: StakingService;
  routes: RouteService;
}

/** The engine of the network the settings pick now, and the one of a network a request was shown on. */
export interface DappEngines {
  current(): Promise<DappEngine>;
  for(network: NetworkInfo): DappEngine;
}

interface DappDeps {
  vault: Vault;
  engines: DappEngines;
  sites: ConnectedSites;
  /**
   * Hands a request to the approval state machine, to wait for a person; `connected` names the
   * origins connected to the active account (the others share half the queue).
   */
  enqueue(source: RequestSource, request: QueuedRequest, connected: ReadonlySet<string>): Promise<unknown>;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const NOT_SIGNED = 'Nothing was signed.';

export class DappService {
  constructor(private readonly deps: DappDeps) {}

  /** The selected account, or null when locked; a woken worker reopens the keyring first. */
  async #active(): Promise<string | null> {
    await this.deps.vault.restore();
    try {
      return this.deps.vault.keyring().activeAddress;
    } catch {
      return null; // locked
    }
  }

  /** Answers at once, or queues for approval (returns null: the answer comes when decided). */
  async request(
    source: RequestSource,
    request: DappRequest,
  ): Promise<DappResult<DappRequest['method']> | null> {
    const { sites, engines } = this.deps;
    const active = await this.#active();
    switch (request.method) {
      case 'connect':
        if (active && (await sites.isConnected(source.origin, active)))
          return { accounts: [active], chain: (await engines.current()).rpc.network.chain };
        if (request.params.silent)
          throw new WalletError('unauthorized', 'This site is not connected to Tidepool.');
        break;
      case 'disconnect':
        await sites.revoke(source.origin);
        return {};
      case 'signIn':
        break;
      case 'signMessage':
      case 'signTransaction':
      case 'signAndSendTransaction':
      case 'stake':
      default: {
        if (!(await sites.isConnected(source.origin, request.params.account))) {
          throw new WalletError(
            'unauthorized',
            'This site is not connected to that Tidepool account. Connect first.',
          );
        }
        if (request.method !== 'signMessage')
          checkChain(request.params.chain, (await engines.current()).rpc.network);
        if (request.method === 'signTransaction' || request.method === 'signAndSendTransaction')
          parseTransaction(request.params.transaction);
      }
    }
    const connected = new Set(
      (await sites.list()).filter((s) => active && s.accounts.includes(active)).map((s) => s.origin),
    );
    await this.deps.enqueue(source, request, connected);
    return null;
  }

  /** The approval window's view of one request, the figures a stake is held to, and the network it is shown for. */
  async review(entry: PendingApproval): Promise<Reviewed> {
    const { vault } = this.deps;
    const engine = await this.deps.engines.current();
    const { rpc, fees } = engine;
    const { network } = rpc;
    const active = await this.#active();
    const account =
      (entry.method === 'connect' || entry.method === 'signIn' ? null : entry.params.account) ?? active;
    const base = {
      id: entry.id,
      origin: entry.origin,
      favicon: entry.favicon,
      account,
      chain: network.chain,
      networkLabel: network.label,
      accountName: vault.accounts().find((a) => a.address === account)?.name ?? null,
      locked: active === null,
      warnings: [] as Warning[],
    };
    if (active === null || account === null || isApproved(entry))
      return { view: unreviewed(base, entry.method), figures: null, network };
    if (account !== active)
      base.warnings.push(
        blocking(
          'other_account',
          'This request is for an account other than the one selected in Tidepool; switch accounts to approve it.',
        ),
      );
    const warned = (more: readonly Warning[]) => [...base.warnings, ...more];
    switch (entry.method) {
      case 'connect':
        return { view: { ...base, method: entry.method }, figures: null, network };
      case 'signTransaction':
      case 'signAndSendTransaction': {
        const { warnings, ...transaction } = await reviewTransaction(
          rpc,
          fees,
          parseTransaction(entry.params.transaction),
          account,
          { firstLook: entry.state.kind === 'waiting', handsOver: entry.method === 'signTransaction' },
        );
        return {
          view: { ...base, method: entry.method, transaction, warnings: warned(warnings) },
          figures: null,
          network,
        };
      }
      case 'signMessage': {
        const bytes = Buffer.from(entry.params.message, 'base64');
        const warnings = messageWarnings(bytes, {
          origin: entry.origin,
          address: account,
          chain: network.chain,
          now: Date.now(),
        });
        return {
          view: { ...base, method: entry.method, message: messageText(bytes), warnings: warned(warnings) },
          figures: null,
          network,
        };
      }
      case 'signIn': {
        const { text, warnings } = signInMessage(
          entry.params,
          entry.origin,
          active,
          network.chain,
          Date.now(),
        );
        return {
          view: {
            ...base,
            method: entry.method,
            account: active,
            message: { text, encoding: 'utf8' },
            warnings: warned(warnings),
          },
          figures: null,
          network,
        };
      }
      case 'stake': {
        const { view: stake, figures } = await reviewStake(engine, entry.params, active, entry.id);
        return {
          view: { ...base, method: entry.method, ...stake, warnings: warned(stake.warnings) },
          figures,
          network,
        };
      }
      default: {
        const never: never = entry;
        return never;
      }
    }
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
    const { vault, sites } = this.deps;
    const engine = this.deps.engines.for(entry.state.network);
    const { network } = engine.rpc;
    const keyring = vault.keyring();
    const active = keyring.activeAddress!;
    await this.#stillAllowed(entry, active, network);
    switch (entry.method) {
      case 'connect':
        await sites.connect(entry.origin, active);
        return { accounts: [active], chain: network.chain };
      case 'signTransaction':
      case 'signAndSendTransaction':
        return this.#signTransaction(entry, active, engine);
      case 'signMessage': {
        const bytes = Buffer.from(entry.params.message, 'base64');
        const [refused] = messageWarnings(bytes, {
          origin: entry.origin,
          address: active,
          chain: network.chain,
          now: Date.now(),
        });
        if (refused) throw new WalletError('invalid_request', `${refused.text} ${NOT_SIGNED}`);
        return { signedMessage: b64(bytes), signature: b64(keyring.sign(active, bytes)) };
      }
      case 'signIn': {
        const { text, warnings } = signInMessage(
          entry.params,
          entry.origin,
          active,
          network.chain,
          Date.now(),
        );
        if (warnings.length) throw new WalletError('invalid_request', `${warnings[0]!.text} ${NOT_SIGNED}`);
        const message = new TextEncoder().encode(text);
        await sites.connect(entry.origin, active);
        return {
          account: active,
          signedMessage: b64(message),
          signature: b64(keyring.sign(active, message)),
        };
      }
      case 'stake': {
        const { params, state } = entry;
        // A fresh quote, held to the guarantee that was shown: its figure is the program's minimum,
        // and a fresh quote that gives less (or no longer an enforced one) is refused before signing.
        if (!state.figures)
          throw new WalletError(
            'invalid_request',
            `This staking request has no quote you approved. ${NOT_SIGNED}`,
          );
        const { minimumOut, enforced } = state.figures;
        const options = {
          approved: { minimum: BigInt(minimumOut), enforced },
          recordId: entry.id,
          seedTag: entry.id,
        };
        const owner = new PublicKey(active);
        const { staking } = engine;
        const route = dappRoute(params);
        if (route) {
          const { outcome } = await engine.routes.execute(owner, route.request, options);
          return { signature: outcome.signature };
        }
        const result =
          params.action === 'stake'
            ? await staking.stake(owner, new PublicKey(params.pool), BigInt(params.amount), options)
            : await staking.unstake(
                owner,
                new PublicKey(params.pool),
                BigInt(params.amount),
                params.mode ?? 'instant',
                options,
              );
        return { signature: result.outcome.signature };
      }
      default: {
        const never: never = entry;
        return never;
      }
    }
  }

  /** Signed with the account the person was shown, for a site still connected, on the chain it names, or not at all. */
  async #stillAllowed(entry: Approved, active: string, network: NetworkInfo): Promise<void> {
    // The selection may have changed since the request was shown.
    if (entry.state.account !== active)
      throw new WalletError(
        'invalid_request',
        `The selected Tidepool account is not the one this request showed. ${NOT_SIGNED}`,
      );
    if (entry.method === 'connect' || entry.method === 'signIn') return;
    if (entry.params.account !== active)
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
    if (entry.method !== 'signMessage') checkChain(entry.params.chain, network);
  }

  /**
   * Signs the site's own transaction as the active account's signer (signTransaction hands it
   * back); signAndSend goes through the engine's sender, which records it under the request's id.
   */
  async #signTransaction(
    entry: Extract<Approved, { method: 'signTransaction' | 'signAndSendTransaction' }>,
    active: string,
    engine: DappEngine,
  ): Promise<DappResult<'signTransaction' | 'signAndSendTransaction'>> {
    const tx = parseTransaction(entry.params.transaction);
    const owner = new PublicKey(active);
    const index = tx.message.staticAccountKeys
      .slice(0, tx.message.header.numRequiredSignatures)
      .findIndex((k) => k.equals(owner));
    if (index < 0)
      throw new WalletError('invalid_request', 'Your account is not a signer of this transaction.');
    // The network the request was shown for must take the blockhash: asked again before signing.
    await checkLandable(engine.rpc, tx.message);
    if (entry.method === 'signAndSendTransaction') {
      // Sent and watched by the sender of the network the request was shown for, the one its chain was checked against.
      const intent = { owner, label: `Transaction from ${new URL(entry.origin).host}`, id: entry.id };
      return { signature: await engine.sender.sendSite(intent, tx, entry.params.skipPreflight ?? false) };
    }
    tx.signatures[index] = this.deps.vault.keyring().sign(active, tx.message.serialize());
    return { signedTransaction: Buffer.from(tx.serialize()).toString('base64') };
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

function parseTransaction(base64: string): VersionedTransaction {
  try {
    return VersionedTransaction.deserialize(Buffer.from(base64, 'base64'));
  } catch {
    throw new WalletError(
      'invalid_request',
      'The transaction could not be read (it does not deserialize as a legacy or v0 transaction).',
    );
  }
}
