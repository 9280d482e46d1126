// Marinade delayed-unstake tickets as "where is my SOL" items: found by beneficiary (one
// getProgramAccounts in the screen's batch), due from the epoch after the one they are dated, and
// claimed in one click through the Marinade claim route (route-quotes.ts: quoted from its simulation,
// which says when the program still waits ~30 minutes into the due epoch), the one claim path.
import { PublicKey } from '@solana/web3.js';
import { MARINADE_STATE } from '../../shared/marinade';
import { startsInMs, type WaitingItem } from '../../shared/waiting';
import type { TxOutcome } from '../../shared/staking';
import type { RpcResult } from '../chain/rpc-methods';
import { rawAccount } from '../chain/raw-account';
import { decodeTicket, ticketDueEpoch, ticketsCall } from './marinade-tickets';
import type { EpochNow, WaitingSource } from './waiting-source';

const STATE = new PublicKey(MARINADE_STATE);

export class MarinadeTickets implements WaitingSource {
  readonly name = 'marinadeTickets';

  constructor(
    /** Claims a ticket of `owner`'s (the route's quote, then its exact transaction). */
    private readonly claim: (owner: PublicKey, ticket: string) => Promise<TxOutcome>,
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

  act(owner: PublicKey, id: string): Promise<TxOutcome> {
    return this.claim(owner, id);
  }
}
