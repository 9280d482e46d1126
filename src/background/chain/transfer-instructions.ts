// Sending SOL or a token (LSTs included) to an address: every check a careful wallet makes before
// it builds the transfer — a real address, enough balance after the fee, a new recipient left
// rent-exempt, the sender not stranded below rent. The fee and the rents are the cluster's, a
// token's transfer fee its mint's, read in the batches the send already makes. Nothing the RPC
// answers picks a program to sign for: token programs are our own constants (see token-programs.ts).
import { PublicKey, SystemProgram, Transaction, type TransactionInstruction } from '@solana/web3.js';
import {
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
  createAssociatedTokenAccountIdempotentInstruction,
  createTransferCheckedInstruction,
  createTransferCheckedWithFeeInstruction,
  getAssociatedTokenAddressSync,
} from '@solana/spl-token';
import { WalletError } from '../../shared/errors';
import { formatUnits, solText as sol } from '../../shared/format';
import { transferFeeOf } from '../../shared/transfer-fee';
import { MAX_KEYS_PER_CALL } from './account-batch';
import { mintRules } from './mint-rules';
import { rawAccount } from './raw-account';
import type { RpcClient } from './rpc-client';
import { rpcCall } from './rpc-methods';
import type { EncodedAccount, ProgramAccount } from './rpc-shapes';
import type { SignatureFee } from './signature-fee';
import { holdersTokenAccount } from './token-account';
import { knownTokenProgram } from './token-programs';
import type { Built } from './tx-sender';

export function recipientKey(to: string, owner: PublicKey): PublicKey {
  let key: PublicKey;
  try {
    key = new PublicKey(to);
  } catch {
    throw new WalletError('invalid_input', 'That is not a valid Solana address.');
  }
  if (key.equals(owner)) throw new WalletError('invalid_input', 'That is this account’s own address.');
  return key;
}

export async function buildSolTransfer(
  rpc: RpcClient,
  fees: SignatureFee,
  owner: PublicKey,
  to: PublicKey,
  lamports: bigint,
): Promise<TransactionInstruction[]> {
  const [balance, recipient, rentMin, feeAnswer] = await rpc.batch([
    rpcCall('getBalance', [owner.toBase58()]),
    rpcCall('getBalance', [to.toBase58()]),
    rpcCall('getMinimumBalanceForRentExemption', [0]),
    await fees.ask(owner),
  ]);
  const fee = await fees.lamports(owner, feeAnswer);
  const have = BigInt(balance.value);
  const max = have > fee ? have - fee : 0n;
  if (lamports > max)
    throw new WalletError(
      'insufficient_funds',
      `You have ${sol(have)}; keep ${sol(fee)} for the fee. You can send at most ${sol(max)}.`,
    );
  const left = have - fee - lamports;
  if (left > 0n && left < BigInt(rentMin)) {
    throw new WalletError(
      'invalid_input',
      `That would leave ${sol(left)}, below the ${sol(BigInt(rentMin))} an account must keep. Send ${sol(max)} (everything) or less.`,
    );
  }
  if (recipient.value === 0 && lamports < BigInt(rentMin)) {
    throw new WalletError(
      'invalid_input',
      `The recipient has no SOL yet; a new account needs at least ${sol(BigInt(rentMin))}.`,
    );
  }
  return [SystemProgram.transfer({ fromPubkey: owner, toPubkey: to, lamports })];
}

/**
 * A TransferChecked from the owner's largest account of `mint`, as read directly
 * (TransferCheckedWithFee for a mint with a transfer fee: the fee read from the mint for this
 * epoch, so the program refuses the transfer rather than withhold more, or less, than the person
 * was shown). The index (getTokenAccountsByOwner, which may lag) only adds accounts to read beside
 * the owner's two associated ones, which are read in the first batch with the mint. What the RPC
 * says is only used to choose among things we already trust: the token program must be exactly
 * Token or Token-2022, the account must be the owner's and of this mint. The decimals signed are
 * the ones the person entered the amount in, never the RPC's: the token program refuses a
 * TransferChecked whose decimals differ from the mint's, so a lie about decimals cannot move a
 * different amount. Two round trips, the second bringing the blockhash the transaction is built
 * on; one more between them when an index names an account of the mint beside the associated ones.
 */
export async function buildTokenTransfer(
  rpc: RpcClient,
  fees: SignatureFee,
  owner: PublicKey,
  to: PublicKey,
  mint: PublicKey,
  amount: bigint,
  enteredDecimals: number | undefined,
): Promise<Built> {
  if (enteredDecimals === undefined)
    throw new WalletError(
      'invalid_input',
      'A token amount must say how many decimals it was entered in. Nothing was sent.',
    );
  if (!PublicKey.isOnCurve(to.toBytes()))
    throw new WalletError(
      'invalid_input',
      'That address is a program account, which cannot hold tokens in a wallet. Check it.',
    );
  const associated = [TOKEN_PROGRAM_ID, TOKEN_2022_PROGRAM_ID].map((program) =>
    getAssociatedTokenAddressSync(mint, owner, false, program).toBase58(),
  );
  const [listed, direct, balance, epochInfo, feeAnswer] = await rpc.batch([
    rpcCall('getTokenAccountsByOwner', [
      owner.toBase58(),
      { mint: mint.toBase58() },
      { encoding: 'base64', dataSlice: EMPTY },
    ]),
    rpcCall('getMultipleAccounts', [[...associated, mint.toBase58()], { encoding: 'base64' }]),
    rpcCall('getBalance', [owner.toBase58()]),
    rpcCall('getEpochInfo', []),
    await fees.ask(owner),
  ]);
  const source = await largestSource(rpc, owner, mint, associated, direct.value, listed.value);
  if (!source) throw new WalletError('insufficient_funds', 'This account holds none of that token.');
  const rules = readMint(mint, direct.value[associated.length], source.programId);
  const { decimals } = rules;
  if (decimals !== enteredDecimals) {
    throw new WalletError(
      'rpc_error',
      `The RPC node now says this token has ${decimals} decimals, but the amount was entered with ${enteredDecimals}. Nothing was signed; check your RPC.`,
    );
  }
  if (amount > source.amount)
    throw new WalletError(
      'insufficient_funds',
      `You have ${formatUnits(source.amount, decimals)} of that token.`,
    );
  const fee = await fees.lamports(owner, feeAnswer);
  const destination = getAssociatedTokenAddressSync(mint, to, false, source.programId);
  const [latest, rent, ownRent, existing] = await rpc.batch([
    rpcCall('getLatestBlockhash', []),
    rpcCall('getMinimumBalanceForRentExemption', [rules.newAccountSize]),
    rpcCall('getMinimumBalanceForRentExemption', [0]),
    rpcCall('getAccountInfo', [destination.toBase58(), { encoding: 'base64', dataSlice: EMPTY }]),
  ]);
  // Creating the recipient's token account, when it has none, costs the sender its rent; the
  // sender's own account must stay rent-exempt (or empty) after paying.
  const needed = fee + (existing.value ? 0n : BigInt(rent));
  const left = BigInt(balance.value) - needed;
  const what = existing.value
    ? 'the network fee'
    : 'the network fee and the rent of the recipient’s new account for this token';
  if (left < 0n) throw new WalletError('insufficient_funds', `You need ${sol(needed)}: ${what}.`);
  if (left > 0n && left < BigInt(ownRent))
    throw new WalletError(
      'insufficient_funds',
      `Paying ${what} (${sol(needed)}) would leave ${sol(left)}, below the ${sol(BigInt(ownRent))} an account must keep.`,
    );
  const rate = rules.transferFee(BigInt(epochInfo.epoch));
  const moved = [source.address, mint, destination, owner, amount, enteredDecimals] as const;
  const transfer = rate
    ? createTransferCheckedWithFeeInstruction(...moved, transferFeeOf(rate, amount), [], source.programId)
    : createTransferCheckedInstruction(...moved, [], source.programId);
  const { blockhash, lastValidBlockHeight } = latest.value;
  const tx = new Transaction({ feePayer: owner, blockhash, lastValidBlockHeight }).add(
    createAssociatedTokenAccountIdempotentInstruction(owner, destination, to, mint, source.programId),
    transfer,
  );
  return { tx, lastValidBlockHeight };
}

/**
 * The mint's rules (its decimals among them), read directly, under the program of the account the
 * tokens leave from; a mint the node does not return under that program, or one the program would
 * not take, signs nothing.
 */
function readMint(mint: PublicKey, account: EncodedAccount | null | undefined, programId: PublicKey) {
  if (!account || account.owner !== programId.toBase58())
    throw new WalletError(
      'rpc_error',
      'The RPC node did not return this token’s mint under its token program. Nothing was signed; check your RPC.',
    );
  try {
    return mintRules(mint, rawAccount(account), programId);
  } catch {
    throw new WalletError(
      'rpc_error',
      'The RPC node answered with a mint this token’s program would not take. Nothing was signed; check your RPC.',
    );
  }
}

/** Whether an account exists is all a read with no bytes tells. */
const EMPTY = { offset: 0, length: 0 };

/**
 * The owner's largest account of `mint`, among accounts read directly: its associated ones (read
 * already) and any other an index lists (read now, in one more trip).
 */
async function largestSource(
  rpc: RpcClient,
  owner: PublicKey,
  mint: PublicKey,
  associated: string[],
  associatedRead: (EncodedAccount | null)[],
  listed: ProgramAccount[],
) {
  const others = listed
    .map((a) => a.pubkey)
    .filter((a) => !associated.includes(a))
    .slice(0, MAX_KEYS_PER_CALL);
  const othersRead = others.length
    ? (await rpc.call('getMultipleAccounts', [others, { encoding: 'base64' }])).value
    : [];
  const read = [
    ...associated.map((address, i) => ({ address, account: associatedRead[i] })),
    ...others.map((address, i) => ({ address, account: othersRead[i] })),
  ];
  return read
    .flatMap(({ address, account }) => trustedSource(address, account, owner, mint) ?? [])
    .sort((a, b) => (b.amount > a.amount ? 1 : b.amount < a.amount ? -1 : 0))[0];
}

/**
 * One account read directly, if it is a token account of the owner's of this mint; null when it
 * is not (absent, closed, or an index's stale listing). An account there that Token and Token-2022
 * do not own is the node contradicting itself: refused.
 */
function trustedSource(
  address: string,
  account: EncodedAccount | null | undefined,
  owner: PublicKey,
  mint: PublicKey,
): { address: PublicKey; programId: PublicKey; amount: bigint } | null {
  if (account && !knownTokenProgram(account.owner)) {
    throw new WalletError(
      'rpc_error',
      `The RPC node says your token account ${address} belongs to the program ${account.owner}, which is neither the SPL Token nor the Token-2022 program. Tidepool only signs token transfers for those two. Nothing was signed; if you use a custom RPC, it may be lying.`,
    );
  }
  const token = holdersTokenAccount(account, owner.toBytes());
  if (!token || token.mint !== mint.toBase58()) return null;
  return { address: new PublicKey(address), programId: token.programId, amount: token.amount };
}
