// How a landed route becomes the books' StakingRecord (route-records.ts, outcomes.ts landedRecord):
// SOL in is a stake of the token bought, SOL out an unstake of the token sold, at the epoch the
// quote's batch read; an LST → LST route and a Marinade claim book nothing; an outcome whose
// amounts were not read is never booked as zeros.
import { Keypair, PublicKey } from '@solana/web3.js';
import { describe, expect, it } from 'vitest';
import { landedRecord } from '../../src/background/staking/outcomes';
import { routeRecord } from '../../src/background/staking/routes/route-records';
import type { PreparedRoute } from '../../src/background/staking/routes/route-quotes';
import { SOL_ASSET, type RouteQuote, type RouteRequest } from '../../src/shared/routes';
import type { TxOutcome } from '../../src/shared/staking';

const owner = Keypair.generate().publicKey;
const INF = new PublicKey('5oVNBeEEQvYi1cX3ir8Dx5n1P7pdxydbGF2X4TxVusJm');
const JUPSOL = new PublicKey('jupSoLaHXQiZZTSfEWMTRRgpnyFm8f6sZdosWBjx93v');
const side = (symbol: string, amount: string) => ({ symbol, decimals: 9, amount });

/** A prepared route as route-quotes.ts makes it, with only what a record reads filled in. */
function prepared(request: RouteRequest, given: string, received: string, mint: PublicKey | null) {
  const quote = { request, given: side(given, '1'), received: side(received, '1') } as RouteQuote;
  return { quote, outcomeMint: mint, epoch: 812n } as PreparedRoute;
}

const outcome = (o: Partial<TxOutcome>): TxOutcome => ({
  signature: 'sig',
  explorerUrl: '',
  solChange: '0',
  tokenChange: '0',
  networkFeeLamports: '5000',
  slot: 1234,
  blockTime: 1_700_000_000,
  ...o,
});

function booked(p: PreparedRoute, o: TxOutcome, closedBefore = 0n) {
  const made = routeRecord(owner, p, o, closedBefore);
  return made && landedRecord(o, made.position, made.body);
}

describe('a landed route as the books record it', () => {
  it('SOL → INF: a stake of INF, the SOL given in, the tokens read back, at the epoch the quote read', () => {
    const request: RouteRequest = { kind: 'infinityAdd', from: SOL_ASSET, amount: '2000000000' };
    const o = outcome({ solChange: '-2002044280', tokenChange: '1500000000' });
    expect(booked(prepared(request, 'SOL', 'INF', INF), o)).toEqual({
      kind: 'stake',
      owner: owner.toBase58(),
      mint: INF.toBase58(),
      symbol: 'INF',
      decimals: 9,
      lamportsIn: 2_000_000_000n,
      tokensReceived: 1_500_000_000n,
      signature: 'sig',
      slot: 1234,
      blockTime: 1_700_000_000,
      quotedEpoch: 812,
      feeLamports: 5000n,
    });
  });

  it('INF → SOL: an unstake of INF, the SOL received less what a closed wSOL account held before', () => {
    const request: RouteRequest = { kind: 'infinityRemove', to: SOL_ASSET, amount: '1500000000' };
    const o = outcome({ solChange: '2499995000', tokenChange: '-1500000000' });
    expect(booked(prepared(request, 'INF', 'SOL', INF), o, 500_000_000n)).toMatchObject({
      kind: 'unstake',
      mint: INF.toBase58(),
      symbol: 'INF',
      tokensIn: 1_500_000_000n,
      lamportsOut: 2_000_000_000n,
      stakeAccount: null,
    });
  });

  it('mSOL → a stake account: the new account’s lamports beyond the rent the person paid into it', () => {
    const request: RouteRequest = { kind: 'marinadeDelayed', amount: '3000000000' };
    const mint = Keypair.generate().publicKey;
    const o = outcome({
      solChange: '-2287880', // rent 2,282,880 and the fee
      tokenChange: '-3000000000',
      stakeAccount: 'split',
      stakeAccountLamports: '3402282880',
    });
    expect(booked(prepared(request, 'mSOL', 'SOL', mint), o)).toMatchObject({
      kind: 'unstake',
      tokensIn: 3_000_000_000n,
      lamportsOut: 3_400_000_000n,
      stakeAccount: 'split',
    });
  });

  it('books nothing for an LST → LST route or a claim, nor for an outcome whose amounts were not read', () => {
    const o = outcome({ tokenChange: '-1' });
    const lstToInf: RouteRequest = { kind: 'infinityAdd', from: JUPSOL.toBase58(), amount: '1' };
    const infToLst: RouteRequest = { kind: 'infinityRemove', to: JUPSOL.toBase58(), amount: '1' };
    const claim: RouteRequest = { kind: 'marinadeClaim', ticket: JUPSOL.toBase58() };
    expect(booked(prepared(lstToInf, 'jupSOL', 'INF', INF), o)).toBeNull();
    expect(booked(prepared(infToLst, 'INF', 'jupSOL', INF), o)).toBeNull();
    expect(booked(prepared(claim, 'ticket', 'SOL', null), o)).toBeNull();
    const deposit: RouteRequest = { kind: 'marinadeDeposit', amount: '1000' };
    const unread = outcome({ amountsUnread: true, slot: undefined });
    expect(booked(prepared(deposit, 'SOL', 'mSOL', JUPSOL), unread)).toBeNull();
  });
});
