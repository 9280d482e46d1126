// Validators on the localnet for the native-staking suites: created with the localnet's own dev
// method (vote accounts v4 with credits, commissions, stake and validator-info accounts), and the
// program's own verdict on a transaction (simulated on the chain, no wallet code in between).
import { Transaction, type Keypair, type TransactionInstruction } from '@solana/web3.js';
import type { TestChain } from './localnet';

export interface ValidatorSpec {
  commissionBps: number;
  creditsPerEpoch?: number;
  /** Lamports of active stake delegated to it, as a decimal string. */
  stake?: string;
  delinquent?: boolean;
  info?: { name: string; website?: string; details?: string; iconUrl?: string };
}

export interface CreatedValidator {
  votePubkey: string;
  nodePubkey: string;
  stakeAccount: string | null;
  infoAccount: string | null;
}

export const createValidators = (chain: TestChain, validators: ValidatorSpec[]) =>
  chain.rpc<CreatedValidator[]>('localnet_createValidators', [{ validators }]);

/** The stake program's own verdict on `ixs` signed by `payer`: its error, or null when it would succeed. */
export async function programVerdict(
  chain: TestChain,
  payer: Keypair,
  ixs: TransactionInstruction[],
): Promise<unknown> {
  const tx = new Transaction().add(...ixs);
  tx.feePayer = payer.publicKey;
  tx.recentBlockhash = (await chain.connection.getLatestBlockhash()).blockhash;
  tx.sign(payer);
  const { value } = await chain.connection.simulateTransaction(tx);
  return value.err;
}
