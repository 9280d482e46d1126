// Marinade's delayed-unstake tickets a person already holds (MIP-8 retired ordering new ones on
// mainnet; claiming stays): found by beneficiary with getProgramAccounts, decoded, and due from the
// epoch after the one they are dated. The program adds ~30 minutes into that epoch (TicketNotReady),
// which only a simulated claim can tell: the claim's simulation is the judge.
import { PublicKey } from '@solana/web3.js';
import { MARINADE_PROGRAM_ID, TICKET_DISCRIMINATOR, TICKET_LAYOUT } from '../../shared/marinade';
import { rpcCall } from '../chain/rpc-methods';
import type { RawAccount } from '../chain/raw-account';

export interface MarinadeTicket {
  address: PublicKey;
  state: PublicKey;
  beneficiary: PublicKey;
  /** What the claim pays (the ticket's rent comes back too, as the claim closes it). */
  lamports: bigint;
  createdEpoch: bigint;
}

/** The getProgramAccounts call for every ticket of `state` paid to `beneficiary`. */
export function ticketsCall(state: PublicKey, beneficiary: PublicKey) {
  return rpcCall('getProgramAccounts', [
    MARINADE_PROGRAM_ID.toBase58(),
    {
      encoding: 'base64',
      filters: [
        { dataSize: TICKET_LAYOUT.size },
        { memcmp: { offset: TICKET_LAYOUT.stateAddress, bytes: state.toBase58() } },
        { memcmp: { offset: TICKET_LAYOUT.beneficiary, bytes: beneficiary.toBase58() } },
      ],
    },
  ]);
}

/** A ticket, or null for an account that is not one (wrong owner, size or discriminator). */
export function decodeTicket(address: PublicKey, account: RawAccount): MarinadeTicket | null {
  const data = account.data;
  if (
    !account.owner.equals(MARINADE_PROGRAM_ID) ||
    data.length < TICKET_LAYOUT.size ||
    TICKET_DISCRIMINATOR.some((b, i) => data[i] !== b)
  )
    return null;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const key = (at: number) => new PublicKey(data.subarray(at, at + 32));
  return {
    address,
    state: key(TICKET_LAYOUT.stateAddress),
    beneficiary: key(TICKET_LAYOUT.beneficiary),
    lamports: view.getBigUint64(TICKET_LAYOUT.lamportsAmount, true),
    createdEpoch: view.getBigUint64(TICKET_LAYOUT.createdEpoch, true),
  };
}

/** The first epoch a claim can succeed in (claim.rs: WAIT_EPOCHS = 1). */
export const ticketDueEpoch = (ticket: MarinadeTicket): bigint => ticket.createdEpoch + 1n;
