// Native staking's RPC budget against the localnet, through the background's own engine (as the
// chain tests wire it): the validator list at 2,000 validators (round trips and the bytes the node
// sent, first read and kept), "where is my SOL" (the popup's open refresh as before, the screen one
// batch), and each native action (quote, and click → sent), next to the straightforward web3.js path
// where there is one.
import { Connection, PublicKey, VALIDATOR_INFO_KEY, type Keypair } from '@solana/web3.js';
import type { NativeRequest } from '../../src/shared/native-staking.ts';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs.ts';
import type { TestChain } from '../../tests/support/localnet.ts';
import { SOL, activePool, engineFor } from '../../tests/support/staking.ts';
import { createValidators } from '../../tests/support/validators.ts';

export interface NativeRow {
  work: string;
  value: string;
  note: string;
}

const VALIDATORS = 2_000;
const CONFIG_PROGRAM = new PublicKey('Config1111111111111111111111111111111111111');

interface Traffic {
  requests: number;
  roundTrips: number;
  bytes: number;
  methods: string[][];
}

/** Every HTTP round trip the engine makes during `work` (it calls the global fetch): requests, bytes received. */
async function traffic<T>(work: () => Promise<T>): Promise<Traffic & { result: T }> {
  const seen: Traffic = { requests: 0, roundTrips: 0, bytes: 0, methods: [] };
  const original = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const body = JSON.parse(String(init?.body ?? '[]')) as { method: string } | { method: string }[];
    const calls = Array.isArray(body) ? body : [body];
    seen.roundTrips++;
    seen.requests += calls.length;
    seen.methods.push(calls.map((c) => c.method));
    const response = await original(input, init);
    seen.bytes += (await response.clone().arrayBuffer()).byteLength;
    return response;
  };
  try {
    const result = await work();
    return { ...seen, result };
  } finally {
    globalThis.fetch = original;
  }
}

const trips = (t: { requests: number; roundTrips: number }) => `${t.requests} req / ${t.roundTrips} trips`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
/** Round trips up to and including the one that carried sendTransaction. */
const untilSent = (t: Traffic) => {
  const at = t.methods.findIndex((m) => m.includes('sendTransaction'));
  return { roundTrips: at + 1, requests: t.methods.slice(0, at + 1).reduce((n, m) => n + m.length, 0) };
};

export async function nativeCounts(chain: TestChain, operator: Keypair): Promise<NativeRow[]> {
  const rows: NativeRow[] = [];
  const user = await chain.funded(200);
  const engine = engineFor(chain, user);
  const owner = user.publicKey;
  const specs = Array.from({ length: VALIDATORS }, (_, i) => ({
    commissionBps: (i % 11) * 100,
    creditsPerEpoch: 380_000 + (i % 50) * 400,
    stake: String((1n + BigInt(i % 97)) * 1_000n * SOL),
    delinquent: i % 200 === 199,
    info: {
      name: `Validator ${i}`,
      website: `https://v${i}.example`,
      details: 'A validator on the bench localnet.',
    },
  }));
  const created = await createValidators(chain, specs);
  await activePool(chain, operator, {
    programId: STAKE_POOL_PROGRAMS.spl,
    validators: 2,
    initialDepositLamports: 30n * SOL,
  });
  await chain.rpc('localnet_advanceEpoch', [{ epochRewardsLamports: String(200_000n * SOL) }]);

  const first = await traffic(() => engine.validators.list());
  const kept = await traffic(() => engine.validators.list());
  // The same sources through an unmodified web3.js Connection (its own fetch, counted).
  const sdk: Traffic = { requests: 0, roundTrips: 0, bytes: 0, methods: [] };
  const sdkConnection = new Connection(chain.node.rpcUrl, {
    commitment: 'confirmed',
    fetch: async (input, init) => {
      sdk.roundTrips++;
      sdk.requests++;
      const response = await fetch(input, init);
      sdk.bytes += (await response.clone().arrayBuffer()).byteLength;
      return response;
    },
  });
  const votes = await sdkConnection.getVoteAccounts();
  await sdkConnection.getProgramAccounts(CONFIG_PROGRAM, {
    filters: [{ memcmp: { offset: 1, bytes: VALIDATOR_INFO_KEY.toBase58() } }],
  });
  const epoch = await sdkConnection.getEpochInfo();
  await sdkConnection.getInflationReward(
    votes.current.slice(0, 64).map((v) => new PublicKey(v.votePubkey)),
    epoch.epoch - 1,
  );
  rows.push({
    work: `validator list, ${VALIDATORS.toLocaleString('en')} validators: first read`,
    value: `${trips(first)}, ${kb(first.bytes)}`,
    note: `with APYs and flags; the same sources one web3.js call at a time: ${trips(sdk)}, ${kb(sdk.bytes)}`,
  });
  rows.push({
    work: 'validator list: again in the same epoch',
    value: trips(kept),
    note: 'kept for the epoch',
  });

  // Native actions: the quote, then click → sent (the quote's own transaction, signed as it is).
  const action = async (label: string, request: NativeRequest) => {
    const quote = await traffic(() => engine.native.prepare(owner, request));
    const sent = await traffic(() =>
      engine.native.execute(owner, request, { quoteId: quote.result.quote.quoteId }),
    );
    rows.push({
      work: `native ${label}: quote shown · click → sent`,
      value: `${trips(quote)} · ${trips(untilSent(sent))}`,
      note: `then confirmed and read back: ${trips(sent)}`,
    });
    return quote.result.quote;
  };
  const voter = created[0]!.votePubkey;
  await engine.native.prepare(owner, { kind: 'stake', voter, lamports: String(2n * SOL) }); // learns the rent reserve
  const a = (await action('stake 2 SOL', { kind: 'stake', voter, lamports: String(2n * SOL) })).created!
    .address;
  const b = (await engine.native.execute(owner, { kind: 'stake', voter, lamports: String(3n * SOL) })).quote
    .created!.address;
  await chain.advanceEpoch();
  await action('move 1 SOL of stake', {
    kind: 'moveStake',
    source: b,
    destination: a,
    lamports: String(SOL),
  });
  await action('merge', { kind: 'merge', destination: a, source: b });
  await action('deactivate', { kind: 'deactivate', stakeAccount: a });
  await chain.advanceEpoch();
  const lamports = String(await chain.connection.getBalance(new PublicKey(a)));
  await action('withdraw', { kind: 'withdraw', stakeAccount: a, lamports });

  // Where is my SOL: the popup's open (its refresh) costs what it always did; the screen one batch.
  const c = (await engine.native.execute(owner, { kind: 'stake', voter, lamports: String(SOL) })).quote
    .created!.address;
  await engine.native.execute(owner, { kind: 'deactivate', stakeAccount: c });
  await engine.portfolio.refresh(owner.toBase58());
  const open = await traffic(() => engine.portfolio.refresh(owner.toBase58()));
  await engine.portfolio.saved();
  const screen = await traffic(() => engine.waiting.list(owner));
  rows.push({
    work: 'where is my SOL: popup open',
    value: trips(open),
    note: 'the refresh the popup always makes: 0 extra (Home’s line is computed from it)',
  });
  rows.push({
    work: 'where is my SOL: screen opened',
    value: `${trips(screen)}, ${kb(screen.bytes)}`,
    note: `${screen.result.items.length} item(s): the epoch, the slot time and Marinade tickets in one batch`,
  });
  return rows;
}
