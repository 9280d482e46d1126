// Whether a transaction can land on the network it is reviewed for. A transaction names a recent
// blockhash of the cluster it was built on; replaceRecentBlockhash lets the simulation run whatever
// it names, so only asking the node says whether this network would take it. A blockhash the node
// does not take means the transaction was built for another cluster (where the very same signed
// bytes could land) or has expired: it is blocked. A durable-nonce transaction names its nonce
// account's value instead, which no node lists as a blockhash: it can land where that account
// holds that value. A node can be a few slots behind the site's, so the first look at a request
// says Tidepool is asking again, and the window's next refresh asks again before the final words.
import { SystemProgram, type VersionedMessage } from '@solana/web3.js';
import { blocking, confirmFirst, type Warning } from '../../../shared/approval';
import { shortAddress } from '../../../shared/format';
import { WalletError } from '../../../shared/errors';
import type { NetworkInfo } from '../../../shared/networks';
import type { RpcClient } from '../../chain/rpc-client';
import { rpcCall } from '../../chain/rpc-methods';
import { readNonceAuthority, readNonceValue, type Encoded } from './layouts';

const ADVANCE_NONCE = 4;

/** The node's answer at the lowest commitment: a node behind the site's should still say yes. */
export const blockhashQuestion = (message: VersionedMessage) =>
  rpcCall('isBlockhashValid', [message.recentBlockhash, { commitment: 'processed' }]);

/**
 * The nonce account of a durable-nonce transaction (its first instruction is System
 * AdvanceNonceAccount, whose first account is the nonce account, a static key), or null.
 */
function durableNonceAccount(message: VersionedMessage): string | null {
  const first = message.compiledInstructions[0];
  const keys = message.staticAccountKeys;
  if (!first || !keys[first.programIdIndex]?.equals(SystemProgram.programId)) return null;
  const data = Buffer.from(first.data);
  if (data.length < 4 || data.readUInt32LE(0) !== ADVANCE_NONCE) return null;
  return keys[first.accountKeyIndexes[0] ?? keys.length]?.toBase58() ?? null;
}

const cannotLand = (network: NetworkInfo) =>
  `This transaction cannot land on ${network.label}: it was built for another network, or its blockhash expired; ask the site to build it again.`;

/** Whether the message can land here: its blockhash is taken now, or its nonce account holds it. */
export function canLand(
  message: VersionedMessage,
  blockhashValid: boolean,
  accounts: ReadonlyMap<string, Encoded>,
): boolean {
  if (blockhashValid) return true;
  const nonce = durableNonceAccount(message);
  return nonce !== null && readNonceValue(accounts.get(nonce) ?? null) === message.recentBlockhash;
}

/** The review's warning when the message cannot land here: "asking again" on its first look, then final. */
export function blockhashWarnings(landable: boolean, network: NetworkInfo, firstLook: boolean): Warning[] {
  if (landable) return [];
  return [
    blocking(
      'blockhash_unknown',
      firstLook
        ? `${network.label}'s node does not know this transaction's blockhash yet (a node can be a few slots behind the site's); Tidepool asks again in a moment.`
        : cannotLand(network),
    ),
  ];
}

/**
 * signTransaction of a durable-nonce transaction: the signed bytes go to the site, and they never
 * expire, so the site can hold them and submit them whenever it likes (a drainer's way to sit on
 * an approval until the person's balances make it worth it). Approve waits until the person ticks
 * that they read this; it says who alone can cancel the signature.
 */
export function heldSignatureWarning(
  message: VersionedMessage,
  accounts: ReadonlyMap<string, Encoded>,
  user: string,
): Warning {
  const nonce = durableNonceAccount(message);
  const authority = nonce ? readNonceAuthority(accounts.get(nonce) ?? null) : null;
  const cancel =
    authority === user
      ? `You can cancel it only by advancing nonce account ${shortAddress(nonce!)} yourself, before the site submits it.`
      : `Only ${authority ? shortAddress(authority) : 'the nonce account’s authority'} can cancel it (by advancing the nonce); you cannot.`;
  return confirmFirst(
    'durable_nonce',
    `This signed transaction never expires (durable nonce), and Tidepool hands it to the site: the site can keep it and submit it at any later time, when your balances may be other than shown here. ${cancel}`,
  );
}

/** Before signing: asks the client's network again, in one round trip; throws when the transaction cannot land there. */
export async function checkLandable(rpc: RpcClient, message: VersionedMessage): Promise<void> {
  const nonce = durableNonceAccount(message);
  const accounts = new Map<string, Encoded>();
  let valid;
  if (nonce) {
    const read = rpcCall('getMultipleAccounts', [[nonce], { encoding: 'base64' }]);
    const [answer, nonceRead] = await rpc.batch([blockhashQuestion(message), read]);
    accounts.set(nonce, nonceRead.value[0] ?? null);
    valid = answer.value;
  } else {
    const { method, params } = blockhashQuestion(message);
    valid = (await rpc.call(method, params)).value;
  }
  if (!canLand(message, valid === true, accounts))
    throw new WalletError('blocked', `${cannotLand(rpc.network)} Nothing was signed.`);
}
