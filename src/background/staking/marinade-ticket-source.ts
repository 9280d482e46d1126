// Marinade delayed-unstake tickets as "where is my SOL" items: found by beneficiary (one
// getProgramAccounts in the screen's batch), due from the epoch after the one they are dated, and
// claimed in one click (claim pays the ticket's lamports and closes it, its rent coming back too).
// The program also waits ~30 minutes into that epoch (TicketNotReady): the claim's simulation says.
import { PublicKey } from '@solana/web3.js';
import { WalletError } from '../../shared/errors';
import { MARINADE_STATE } from '../../shared/marinade';
import { startsInMs, type WaitingItem } from '../../shared/waiting';
import type { TxOutcome } from '../../shared/staking';
import type { RpcClient } from '../chain/rpc-client';
import { rpcCall, type RpcResult } from '../chain/rpc-methods';
import { rawAccount } from '../chain/raw-account';
import { simulateThenSend } from '../chain/simulated-send';
import type { TransactionSender } from '../chain/tx-sender';
import { claimIx } from './marinade-instructions';
import { decodeMarinadeState, marinadeAccounts } from './marinade-state';
import { decodeTicket, ticketDueEpoch, ticketsCall } from './marinade-tickets';
import type { EpochNow, WaitingSource } from './waiting-source';

const STATE = new PublicKey(MARINADE_STATE);

export class MarinadeTickets implements WaitingSource {
  readonly name = 'marinadeTickets';

  constructor(
    private readonly rpc: RpcClient,
    private readonly sender: TransactionSender,
  ) {}

  calls(owner: PublicKey) {
    return [ticketsCall(STATE, owner)];
  }

  read(owner: PublicKey, answers: readonly unknown[], now: EpochNow): WaitingItem[] {
    const accounts = (answers[0] ?? []) as RpcResult<'getProgramAccounts'>;
    return accounts.flatMap(({ pubkey, account }): WaitingItem[] => {
      const ticket = decodeTicket(new PublicKey(pubkey), rawAccount(account));
      if (!ticket || !ticket.beneficiary.equals(owner) || !ticket.state.equals(STATE)) return [];
      const due = Number(ticketDueEpoch(ticket));
      const ready = due <= now.epoch;
      return [
        {
          id: `ticket:${pubkey}`,
          kind: 'ticket',
          address: pubkey,
          lamports: (ticket.lamports + BigInt(account.lamports)).toString(),
          fromPool: true,
          readyEpoch: ready ? null : due,
          readyInMs: ready ? null : startsInMs(due, now),
          action: ready ? { kind: 'source', source: this.name, id: pubkey } : null,
        },
      ];
    });
  }

  async act(owner: PublicKey, id: string): Promise<TxOutcome> {
    const ticketAddress = new PublicKey(id);
    const [state, ticket] = await this.rpc.batch([
      rpcCall('getAccountInfo', [STATE.toBase58(), { encoding: 'base64' }]),
      rpcCall('getAccountInfo', [ticketAddress.toBase58(), { encoding: 'base64' }]),
    ]);
    const decoded = ticket.value ? decodeTicket(ticketAddress, rawAccount(ticket.value)) : null;
    const marinade = decodeMarinadeState(state.value ? rawAccount(state.value) : null);
    if (!decoded || !decoded.beneficiary.equals(owner) || !marinade.ok)
      throw new WalletError(
        'not_found',
        'That Marinade ticket is not yours on this network, or is already claimed.',
        {
          what: 'account',
        },
      );
    const ix = claimIx(marinadeAccounts(STATE, marinade.state), ticketAddress, owner);
    return simulateThenSend(this.rpc, this.sender, owner, [ix], 'Claim a Marinade ticket', null);
  }
}
