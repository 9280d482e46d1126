// dApp requests, decided in the background: the origin is the port's, every request other than
// connect needs a connected site and account, and everything that signs waits in the approval
// state machine (approvals.ts) for a person. This file says what each request looks like in the
// window (review) and how an approved one is carried out (execute), typed per method.
import { PublicKey, VersionedMessage, VersionedTransaction } from '@solana/web3.js';
import bs58 from 'bs58';
import { blocking, type Warning } from '../../shared/approval';
import { dappMethods } from '../../shared/dapp-methods';
import type { DappResult } from '../../shared/dapp-protocol';
import { WalletError, type Result } from '../../shared/errors';
import { hasFlag } from '../../shared/method-table';
import type { NetworkInfo } from '../../shared/networks';
import type { RpcClient } from '../chain/rpc-client';
import type { TransactionSender } from '../chain/tx-sender';
import type { StakingService } from '../staking/staking-service';
import { toWireError } from '../wire-error';
import type { Vault } from '../vault/vault';
import {
  isApproved,
  type Approved,
  type DappRequest,
  type PendingApproval,
  type QueuedRequest,
  type RequestSource,
  type StakeFigures,
} from './approval-types';
import { unreviewed, type ReviewedView } from './approvals';
import type { ConnectedSites } from './connected-sites';
import { messageText } from './hidden-text';
import { signInMessage } from './sign-in';
import { reviewStake } from './stake-review';
import { reviewTransaction } from './tx-review';

interface DappDeps {
  vault: Vault;
  rpc: RpcClient;
  sender: TransactionSender;
  sites: ConnectedSites;
  staking: StakingService;
  /** Hands a request to the approval state machine, to wait for a person. */
  enqueue(source: RequestSource, request: QueuedRequest): Promise<unknown>;
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
    const { sites, rpc } = this.deps;
    const active = await this.#active();
    switch (request.method) {
      case 'connect':
        if (active && (await sites.isConnected(source.origin, active)))
          return { accounts: [active], chain: (await rpc.network()).chain };
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
        if (request.method !== 'signMessage') await this.#checkChain(request.params.chain);
        if (request.method === 'signTransaction' || request.method === 'signAndSendTransaction')
          parseTransaction(request.params.transaction);
      }
    }
    await this.deps.enqueue(source, request);
    return null;
  }

  /** `network`: the one the caller already read and will act on (default: the one current now). */
  async #checkChain(chain: string | undefined, network?: NetworkInfo): Promise<void> {
    if (chain === undefined) return;
    network ??= await this.deps.rpc.network();
    if (chain !== network.chain) {
      throw new WalletError(
        'invalid_request',
        `Tidepool is on ${network.label} (${network.chain}), not ${chain}. Switch networks in Tidepool, or ask on ${network.chain}.`,
      );
    }
  }

  /** The approval window's view of one request, and the figures a stake is held to. */
  async review(entry: PendingApproval): Promise<{ view: ReviewedView; figures: StakeFigures | null }> {
    const { rpc, vault, staking } = this.deps;
    const network = await rpc.network();
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
      return { view: unreviewed(base, entry.method), figures: null };
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
        return { view: { ...base, method: entry.method }, figures: null };
      case 'signTransaction':
      case 'signAndSendTransaction': {
        const { warnings, ...transaction } = await reviewTransaction(
          rpc,
          parseTransaction(entry.params.transaction),
          account,
          network,
        );
        return {
          view: { ...base, method: entry.method, transaction, warnings: warned(warnings) },
          figures: null,
        };
      }
      case 'signMessage': {
        const bytes = Buffer.from(entry.params.message, 'base64');
        const warnings = looksLikeTransaction(bytes)
          ? [
              blocking(
                'message_is_transaction',
                'This “message” is a Solana transaction. Tidepool will not sign it as a message.',
              ),
            ]
          : [];
        return {
          view: { ...base, method: entry.method, message: messageText(bytes), warnings: warned(warnings) },
          figures: null,
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
        };
      }
      case 'stake': {
        const { view: stake, figures } = await reviewStake(
          { rpc, staking },
          entry.params,
          active,
          network,
          entry.id,
        );
        return {
          view: { ...base, method: entry.method, ...stake, warnings: warned(stake.warnings) },
          figures,
        };
      }
      default: {
        const never: never = entry;
        return never;
      }
    }
  }

  /**
   * The answer for a request the previous worker stopped carrying out. What it signed is known
   * (recorded before sending), so this says truthfully how far it got; nothing is signed again.
   */
  async finishInterrupted(entry: Approved): Promise<Result<unknown>> {
    try {
      if (!hasFlag(dappMethods, entry.method, 'sends'))
        throw new WalletError(
          'interrupted',
          'Tidepool restarted before it could answer; nothing was sent. Ask again.',
        );
      if (entry.state.kind !== 'signed')
        throw new WalletError(
          'interrupted',
          'Tidepool restarted before signing this request; nothing was signed or sent. Ask again.',
        );
      await this.deps.sender.settle(entry.state.signature);
      return { ok: true, result: { signature: entry.state.signature } };
    } catch (error) {
      return { ok: false, error: toWireError(error) };
    }
  }

  /** Runs an approved request; everything is checked again, since time has passed. */
  async execute(
    entry: Approved,
    onSigned: (signature: string) => Promise<void>,
  ): Promise<DappResult<Approved['method']>> {
    const { vault, rpc, sites, staking } = this.deps;
    const keyring = vault.keyring();
    const active = keyring.activeAddress!;
    await this.#stillAllowed(entry, active);
    switch (entry.method) {
      case 'connect':
        await sites.connect(entry.origin, active);
        return { accounts: [active], chain: (await rpc.network()).chain };
      case 'signTransaction':
      case 'signAndSendTransaction':
        return this.#signTransaction(entry, active, onSigned);
      case 'signMessage': {
        const bytes = Buffer.from(entry.params.message, 'base64');
        if (looksLikeTransaction(bytes))
          throw new WalletError(
            'invalid_request',
            'That message is a Solana transaction; Tidepool does not sign transactions as messages.',
          );
        return { signedMessage: b64(bytes), signature: b64(keyring.sign(active, bytes)) };
      }
      case 'signIn': {
        const { text, warnings } = signInMessage(
          entry.params,
          entry.origin,
          active,
          (await rpc.network()).chain,
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
        // Held to the quote that was shown: a worse fresh quote is refused before signing.
        if (!state.figures)
          throw new WalletError(
            'invalid_request',
            `This staking request has no quote you approved. ${NOT_SIGNED}`,
          );
        const options = { minimumOut: BigInt(state.figures.minimumOut), onSigned, seedTag: entry.id };
        const owner = new PublicKey(active);
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

  /** Signed with the account the person was shown, for a site still connected on the same chain, or not at all. */
  async #stillAllowed(entry: Approved, active: string): Promise<void> {
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
    if (entry.method !== 'signMessage') await this.#checkChain(entry.params.chain);
  }

  /** Signs the site's own transaction as the active account's signer; signAndSend records the signature, then sends. */
  async #signTransaction(
    entry: Extract<Approved, { method: 'signTransaction' | 'signAndSendTransaction' }>,
    active: string,
    onSigned: (signature: string) => Promise<void>,
  ): Promise<DappResult<'signTransaction' | 'signAndSendTransaction'>> {
    const tx = parseTransaction(entry.params.transaction);
    const index = tx.message.staticAccountKeys
      .slice(0, tx.message.header.numRequiredSignatures)
      .findIndex((k) => k.toBase58() === active);
    if (index < 0)
      throw new WalletError('invalid_request', 'Your account is not a signer of this transaction.');
    // The network a signAndSend goes to, read once before signing: the request's chain is checked
    // against this very network (the settings may have switched since), and it is sent and watched there.
    const network = entry.method === 'signAndSendTransaction' ? await this.deps.rpc.network() : null;
    if (network) await this.#checkChain(entry.params.chain, network);
    tx.signatures[index] = this.deps.vault.keyring().sign(active, tx.message.serialize());
    const wire = Buffer.from(tx.serialize()).toString('base64');
    if (entry.method === 'signTransaction' || !network) return { signedTransaction: wire };
    const signature = bs58.encode(tx.signatures[0]!);
    await onSigned(signature);
    await this.deps.sender.sendSigned(
      wire,
      signature,
      `Transaction from ${new URL(entry.origin).host}`,
      entry.params.skipPreflight ?? false,
      network.rpcUrl,
    );
    return { signature };
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

/** A message that is really a transaction message would sign a transaction blind. */
function looksLikeTransaction(bytes: Uint8Array): boolean {
  try {
    const message = VersionedMessage.deserialize(bytes);
    return Buffer.from(message.serialize()).equals(Buffer.from(bytes));
  } catch {
    return false;
  }
}
