// The typed JSON-RPC boundary, checked by the compiler (`npx tsc -p .` fails if a line expected
// to be an error compiles, or if an expectTypeOf does not hold): a wrong method, wrong params or
// a wrong index into a batch's answers is a compile error, not a runtime undefined. The `it`s run
// the same checks through vitest so the file is part of the unit suite; nothing here touches a node.
import { describe, expectTypeOf, it } from 'vitest';
import type { RpcClient } from '../../src/background/chain/rpc-client';
import {
  COMMITMENT_CONFIG_AT,
  rpcCall,
  type RpcCall,
  type RpcMethod,
  type RpcMethods,
  type RpcParams,
  type RpcResult,
  type RpcResults,
} from '../../src/background/chain/rpc-methods';
import type {
  Commitment,
  EncodedAccount,
  EpochInfo,
  ProgramAccount,
  WithContext,
} from '../../src/background/chain/rpc-shapes';
import { contextCalls, type ContextAnswers } from '../../src/background/staking/pool-context';

// Every entry of the table has params (a readonly tuple) and a result. If this fails, an entry was
// added without one of them, or with mutable params (a `const` batch literal would not fit them).
type Entry = { params: readonly unknown[]; result: unknown };
type TableIsWellFormed = { [M in RpcMethod]: RpcMethods[M] extends Entry ? true : never };
expectTypeOf<TableIsWellFormed>().toEqualTypeOf<{ [M in RpcMethod]: true }>();

// COMMITMENT_CONFIG_AT names every method (satisfies Record<RpcMethod, …> in the source), and each
// index it gives points at that method's config object, one that takes a `commitment`.
type ConfigAt<M extends RpcMethod> = (typeof COMMITMENT_CONFIG_AT)[M];
type PointsAtCommitment = {
  [M in RpcMethod]: ConfigAt<M> extends number
    ? NonNullable<RpcParams<M>[ConfigAt<M>]> extends { commitment?: Commitment }
      ? true
      : never
    : true;
};
expectTypeOf<PointsAtCommitment>().toEqualTypeOf<{ [M in RpcMethod]: true }>();
// The defaulted config is optional for reads that need nothing else: callers may leave it out.
expectTypeOf<RpcParams<'getEpochInfo'>>().toEqualTypeOf<
  readonly [config?: { commitment?: Commitment; minContextSlot?: number }]
>();

declare const rpc: RpcClient;

/** Never called: its body exists for the compiler. */
async function typeChecks() {
  // call: the result is the table's, per method.
  expectTypeOf(await rpc.call('getBalance', ['addr'])).toEqualTypeOf<WithContext<number>>();
  expectTypeOf(await rpc.call('getEpochInfo', [])).toEqualTypeOf<EpochInfo>();
  expectTypeOf(await rpc.call('getAccountInfo', ['addr', { encoding: 'base64' }])).toEqualTypeOf<
    WithContext<EncodedAccount | null>
  >();

  // @ts-expect-error a method the table does not have
  await rpc.call('getBalanse', ['addr']);
  // @ts-expect-error wrong params: getBalance takes an address first
  await rpc.call('getBalance', [42]);
  // @ts-expect-error wrong params: the account encoding decides the result's shape, so it is required
  await rpc.call('getAccountInfo', ['addr']);
  // @ts-expect-error wrong params: getAccountInfo answers base64 here, never jsonParsed
  await rpc.call('getAccountInfo', ['addr', { encoding: 'jsonParsed' }]);
  // @ts-expect-error an index is asked which accounts exist (base64, sliced), never for parsed figures
  await rpc.call('getTokenAccountsByOwner', ['addr', { mint: 'mint' }, { encoding: 'jsonParsed' }]);
  // @ts-expect-error wrong params: not a commitment level
  await rpc.call('getBalance', ['addr', { commitment: 'final' }]);
  // @ts-expect-error no RPC result is asserted into another type
  await rpc.call<{ value: string }>('getBalance', ['addr']);

  // batch: a tuple of calls gives a tuple of answers, position by position.
  const answers = await rpc.batch([
    { method: 'getBalance', params: ['addr'] },
    rpcCall('getTokenAccountsByOwner', ['addr', { mint: 'mint' }, { encoding: 'base64' }]),
    rpcCall('getMinimumBalanceForRentExemption', [0]),
  ]);
  expectTypeOf(answers).toEqualTypeOf<[WithContext<number>, WithContext<ProgramAccount[]>, number]>();
  const [balance, tokens, rent] = answers;
  expectTypeOf(balance.value).toEqualTypeOf<number>();
  expectTypeOf(tokens.value[0]!.pubkey).toEqualTypeOf<string>();
  expectTypeOf(rent).toEqualTypeOf<number>();
  // @ts-expect-error a wrong index into a batch's answers: there are three
  void answers[3];
  // @ts-expect-error the rent (index 2) is a number, not an answer with a value
  void answers[2].value;
  await rpc.batch([
    { method: 'getBalance', params: ['addr'] },
    // @ts-expect-error wrong params inside a batch: getEpochInfo takes a config, not an address
    { method: 'getEpochInfo', params: ['addr'] },
  ]);

  // An array of calls built in a loop gives an array of answers of that method.
  const chunks = [['a'], ['b']].map((keys) => rpcCall('getMultipleAccounts', [keys, { encoding: 'base64' }]));
  expectTypeOf(await rpc.batch(chunks)).toEqualTypeOf<WithContext<(EncodedAccount | null)[]>[]>();
  // A fixed head and a variable tail keep both: the head by position, the tail by method.
  const [epoch, ...programs] = await rpc.batch([
    rpcCall('getEpochInfo', []),
    ...['p1', 'p2'].map((p) => rpcCall('getProgramAccounts', [p, { encoding: 'base64' }])),
  ]);
  expectTypeOf(epoch).toEqualTypeOf<EpochInfo>();
  expectTypeOf(programs).toEqualTypeOf<ProgramAccount[][]>();

  // The pool context's nine reads are a typed tuple too: its answers are read by position.
  expectTypeOf<ContextAnswers>().toEqualTypeOf<RpcResults<ReturnType<typeof contextCalls>>>();
  expectTypeOf<ContextAnswers[1]>().toEqualTypeOf<EpochInfo>();
  expectTypeOf<ContextAnswers[8]>().toEqualTypeOf<WithContext<number>>();
}

describe('the typed RPC boundary', () => {
  it('is checked by the compiler (this file is in tsconfig include)', () => {
    expectTypeOf(typeChecks).returns.resolves.toBeVoid();
    expectTypeOf<RpcResult<'getHealth'>>().toEqualTypeOf<string>();
    expectTypeOf<RpcCall<'getHealth'>>().toEqualTypeOf<{
      readonly method: 'getHealth';
      readonly params: readonly [];
    }>();
  });
});
