// Sending SOL or a token from the wallet's own account, the whole way: the transfer built with
// every check of transfer-instructions.ts, then simulated, signed, sent and confirmed
// (tx-sender.ts), and what moved read back from the chain, not the request repeated. The balances
// checked, the blockhash, the send and the read-back are all of the one network this engine is
// bound to.
import { PublicKey } from '@solana/web3.js';
import { WalletError } from '../../shared/errors';
import type { TxOutcome } from '../../shared/staking';
import type { RpcClient } from './rpc-client';
import type { SignatureFee } from './signature-fee';
import { buildSolTransfer, buildTokenTransfer, recipientKey } from './transfer-instructions';
import { readOutcome } from './tx-outcome';
import type { TransactionSender } from './tx-sender';

export interface SendRequest {
  /** The recipient's address, as the person typed it. */
  to: string;
  /** Base units: lamports for SOL, the mint's units for a token. */
  amount: string;
  /** The token's mint; absent for SOL. */
  mint?: string;
  /** The decimals the person entered a token amount in (TransferChecked makes the chain check them). */
  decimals?: number;
}

export class Transfers {
  constructor(
    private readonly rpc: RpcClient,
    private readonly sender: TransactionSender,
    private readonly fees: SignatureFee,
  ) {}

  async send(owner: PublicKey, { to, amount, mint, decimals }: SendRequest): Promise<TxOutcome> {
    const recipient = recipientKey(to, owner);
    const units = BigInt(amount);
    if (units === 0n) throw new WalletError('invalid_input', 'The amount must be more than zero.');
    const mintKey = mint ? new PublicKey(mint) : null;
    const transaction = mintKey
      ? await buildTokenTransfer(this.rpc, this.fees, owner, recipient, mintKey, units, decimals)
      : await buildSolTransfer(this.rpc, this.fees, owner, recipient, units);
    const signature = await this.sender.send({ owner, label: `Send to ${to}` }, transaction);
    return readOutcome(this.rpc, signature, owner, mintKey);
  }
}
