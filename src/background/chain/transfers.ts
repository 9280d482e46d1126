// Sending SOL or a token (LSTs included) to an address: every check a careful wallet makes before
// it builds the transfer — a real address, enough balance after the fee, a new recipient left
// rent-exempt, the sender not stranded below rent.
import { PublicKey, SystemProgram, type TransactionInstruction } from '@solana/web3.js';
import {
  createAssociatedTokenAccountIdempotentInstruction, createTransferCheckedInstruction, getAssociatedTokenAddressSync,
} from '@solana/spl-token';
import { WalletError } from '../../shared/errors';
import { LAMPORTS_PER_SIGNATURE, TOKEN_ACCOUNT_RENT, formatUnits, solText as sol } from '../../shared/format';
import type { RpcClient } from './rpc-client';

const FEE = LAMPORTS_PER_SIGNATURE;

interface ParsedTokenAccount { pubkey: string; account: { owner: string; data: { parsed: { info: { tokenAmount: { amount: string; decimals: number } } } } } }

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

export async function buildSolTransfer(rpc: RpcClient, owner: PublicKey, to: PublicKey, lamports: bigint): Promise<TransactionInstruction[]> {
  const [balance, recipient, rentMin] = await rpc.batch([
    { method: 'getBalance', params: [owner.toBase58(), { commitment: 'confirmed' }] },
    { method: 'getBalance', params: [to.toBase58(), { commitment: 'confirmed' }] },
    { method: 'getMinimumBalanceForRentExemption', params: [0] },
  ]) as [{ value: number }, { value: number }, number];
  const have = BigInt(balance.value);
  const max = have > FEE ? have - FEE : 0n;
  if (lamports > max) throw new WalletError('insufficient_funds', `You have ${sol(have)}; keep ${sol(FEE)} for the fee. You can send at most ${sol(max)}.`);
  const left = have - FEE - lamports;
  if (left > 0n && left < BigInt(rentMin)) {
    throw new WalletError('invalid_input', `That would leave ${sol(left)}, below the ${sol(BigInt(rentMin))} an account must keep. Send ${sol(max)} (everything) or less.`);
  }
  if (recipient.value === 0 && lamports < BigInt(rentMin)) {
    throw new WalletError('invalid_input', `The recipient has no SOL yet; a new account needs at least ${sol(BigInt(rentMin))}.`);
  }
  return [SystemProgram.transfer({ fromPubkey: owner, toPubkey: to, lamports })];
}

export async function buildTokenTransfer(rpc: RpcClient, owner: PublicKey, to: PublicKey, mint: PublicKey, amount: bigint): Promise<TransactionInstruction[]> {
  if (!PublicKey.isOnCurve(to.toBytes())) throw new WalletError('invalid_input', 'That address is a program account, which cannot hold tokens in a wallet. Check it.');
  const [accounts, balance] = await rpc.batch([
    { method: 'getTokenAccountsByOwner', params: [owner.toBase58(), { mint: mint.toBase58() }, { encoding: 'jsonParsed', commitment: 'confirmed' }] },
    { method: 'getBalance', params: [owner.toBase58(), { commitment: 'confirmed' }] },
  ]) as [{ value: ParsedTokenAccount[] }, { value: number }];
  const source = accounts.value
    .map((a) => ({ address: new PublicKey(a.pubkey), programId: new PublicKey(a.account.owner), ...a.account.data.parsed.info.tokenAmount }))
    .sort((a, b) => (BigInt(b.amount) > BigInt(a.amount) ? 1 : -1))[0];
  if (!source) throw new WalletError('insufficient_funds', 'This account holds none of that token.');
  if (amount > BigInt(source.amount)) throw new WalletError('insufficient_funds', `You have ${formatUnits(BigInt(source.amount), source.decimals)} of that token.`);
  const destination = getAssociatedTokenAddressSync(mint, to, false, source.programId);
  // Creating the recipient's token account (if needed) costs the sender its rent.
  if (BigInt(balance.value) < FEE + TOKEN_ACCOUNT_RENT) throw new WalletError('insufficient_funds', `You need about ${sol(FEE + TOKEN_ACCOUNT_RENT)} for the fee and, if the recipient has no account for this token, its rent.`);
  return [
    createAssociatedTokenAccountIdempotentInstruction(owner, destination, to, mint, source.programId),
    createTransferCheckedInstruction(source.address, mint, destination, owner, amount, source.decimals, [], source.programId),
  ];
}
