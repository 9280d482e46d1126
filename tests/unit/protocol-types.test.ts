// The protocol's types, checked by the compiler: `npx tsc -p .` fails when one of these breaks.
// Each `@ts-expect-error` marks code that must NOT compile (tsc reports an unused directive if it
// ever does); `expectTypeOf` pins what must. The functions named `…Compile` are never run (some
// take values only a browser has): they exist to be type-checked. The tests below check the few
// things that also exist at run time: the flag lists read off the tables, the schema the router
// parses with, and the view of a request nobody reviewed.
//
// If a line here stops compiling after you add a protocol method, you most likely declared it
// with the wrong result, forgot a flag (`sends` for what signs and sends, `secret` for a result
// with key material), or forgot its handler.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { QueuedRequest } from '../../src/background/dapp/approval-types';
import { handlerOf } from '../../src/background/dapp/methods/table';
import { createUiRouter, type UiHandlers } from '../../src/background/ui/router';
import type { ApprovalView, StakeIntentView, TransactionReview } from '../../src/shared/approval';
import { dappMethods } from '../../src/shared/dapp-methods';
import type { DappMethod, DappParams, DappResult, DappSendingMethod } from '../../src/shared/dapp-protocol';
import { hasFlag } from '../../src/shared/method-table';
import type { SecretBearingMethod, UiMethod, UiParams, UiResult } from '../../src/shared/protocol';
import type { UnstakeQuote } from '../../src/shared/staking';
import { SECRET_BEARING_METHODS, SENDING_METHODS, uiMethods } from '../../src/shared/ui-methods';
import type { call } from '../../src/ui/client';

const POOL = '11111111111111111111111111111112';

/** The methods whose result carries key material (a phrase or a secret key), read off the result types. */
type CarriesSecret<M extends UiMethod> =
  UiResult<M> extends { phrase: unknown } | { secretKey: unknown } ? M : never;
type ResultsWithSecrets = { [M in UiMethod]: CarriesSecret<M> }[UiMethod];

/** Methods a table declares whose params or result came out as never (a broken declaration). */
type Broken<M extends UiMethod> = [UiParams<M>] extends [never]
  ? M
  : [UiResult<M>] extends [never]
    ? M
    : never;

function tablesCompile() {
  // Every name of the table is a method: nothing is dropped on the way (as an intersection of two
  // declarations would drop a method missing from one of them).
  expectTypeOf<UiMethod>().toEqualTypeOf<keyof typeof uiMethods>();
  expectTypeOf<DappMethod>().toEqualTypeOf<keyof typeof dappMethods>();
  expectTypeOf<{ [M in UiMethod]: Broken<M> }[UiMethod]>().toEqualTypeOf<never>();

  // Params and results come from the one declaration.
  expectTypeOf<UiParams<'stake:quote'>>().toEqualTypeOf<{ pool: string; lamports: string }>();
  expectTypeOf<UiParams<'accounts:add'>>().toEqualTypeOf<{ name?: string | undefined }>();
  expectTypeOf<UiResult<'approval:get'>>().toEqualTypeOf<ApprovalView | null>();
  expectTypeOf<DappParams<'signMessage'>>().toEqualTypeOf<{ account: string; message: string }>();
  expectTypeOf<DappResult<'signAndSendTransaction'>>().toEqualTypeOf<{ signature: string }>();

  // The secret-bearing methods are exactly those whose results carry a phrase or a secret key.
  expectTypeOf<SecretBearingMethod>().toEqualTypeOf<ResultsWithSecrets>();
  // Every dApp request that sends answers with the signature of what it sent.
  expectTypeOf<DappResult<DappSendingMethod>>().toEqualTypeOf<{ signature: string }>();

  // @ts-expect-error: params of a method that does not exist
  expectTypeOf<UiParams<'wallet:steal'>>();
  // @ts-expect-error: lamports is a decimal string of base units, never a number
  const wrongType: UiParams<'stake:quote'> = { pool: POOL, lamports: 5 };
  // @ts-expect-error: minimumOut (the least the person was shown) is required to execute
  const missingField: UiParams<'stake:execute'> = { pool: POOL, lamports: '1' };
  // @ts-expect-error: a signMessage request names its message
  const missingMessage: DappParams<'signMessage'> = { account: POOL };
  return [wrongType, missingField, missingMessage];
}

/** The UI's one way to call: the method must exist and its params must fit. */
function clientCompiles(ui: typeof call) {
  void ui('stake:quote', { pool: POOL, lamports: '1000' });
  void ui('wallet:state'); // a method without params takes none
  // @ts-expect-error: not a method
  void ui('wallet:steal', {});
  // @ts-expect-error: a params field the schema does not name
  void ui('vault:unlock', { password: 'x', remember: true });
  // @ts-expect-error: params are required where the schema has required fields
  void ui('stake:quote');
  expectTypeOf(ui('vault:revealPhrase', { password: 'x' })).resolves.toEqualTypeOf<{ phrase: string[] }>();
}

/** The background's handler map: one handler per method, no more, each typed by its declaration. */
function handlersCompile(all: UiHandlers) {
  createUiRouter(all);
  const { 'send:execute': _send, ...missingOne } = all;
  // @ts-expect-error: a handler map without send:execute
  createUiRouter(missingOne);
  // @ts-expect-error: a handler for a method the protocol does not declare
  createUiRouter({ ...all, 'wallet:steal': async () => ({}) });
  // @ts-expect-error: app:ping must answer with workerStartedAt as well
  createUiRouter({ ...all, 'app:ping': () => ({ now: 1 }) });
  // @ts-expect-error: vault:unlock's params have no `pasword`
  createUiRouter({ ...all, 'vault:unlock': ({ pasword }) => all['vault:unlock']({ password: pasword }) });
}

/** Views and quotes are unions: a mode's or method's own fields are read only after narrowing. */
function unionsCompile(quote: UnstakeQuote, view: ApprovalView) {
  // @ts-expect-error: only an instant quote has a reserve
  void quote.reserveAvailableLamports;
  // @ts-expect-error: only a delayed quote has a withdrawable epoch
  void quote.withdrawableEpoch;
  if (quote.mode === 'delayed') {
    expectTypeOf(quote.withdrawableEpoch).toEqualTypeOf<number>();
    // @ts-expect-error: a delayed quote has no reserve, even after narrowing
    void quote.reserveAvailableLamports;
  } else {
    expectTypeOf(quote.reserveAvailableLamports).toEqualTypeOf<string>();
  }

  // @ts-expect-error: a connect view has no transaction to show
  void view.transaction;
  if (view.method === 'stake') expectTypeOf(view.intent).toEqualTypeOf<StakeIntentView | null>();
  if (view.method === 'signTransaction') {
    expectTypeOf(view.transaction).toEqualTypeOf<TransactionReview | null>();
    // @ts-expect-error: a transaction view carries no message
    void view.message;
  }
  // One view per request the window can be asked about (disconnect is answered at once).
  expectTypeOf<ApprovalView['method']>().toEqualTypeOf<QueuedRequest['method']>();
}

describe('the protocol tables', () => {
  it('compile: the type-level checks above are part of tsc -p .', () => {
    for (const checks of [tablesCompile, clientCompiles, handlersCompile, unionsCompile])
      expect(checks).toBeTypeOf('function');
  });

  it('list the sending and the secret-bearing UI methods from their flags', () => {
    expect([...SENDING_METHODS].sort()).toEqual([
      'approval:decide',
      'native:execute',
      'route:execute',
      'send:execute',
      'stake:execute',
      'stakeAccount:convert',
      'unstake:execute',
      'waiting:act',
    ]);
    expect([...SECRET_BEARING_METHODS].sort()).toEqual([
      'vault:exportSecretKey',
      'vault:generatePhrase',
      'vault:revealPhrase',
    ]);
  });

  it('flag the dApp requests that send, and nothing else', () => {
    const sending = (Object.keys(dappMethods) as DappMethod[]).filter((m) =>
      hasFlag(dappMethods, m, 'sends'),
    );
    expect(sending.sort()).toEqual(['signAndSendTransaction', 'stake']);
  });

  it('validate with the declared schema (the table entry is what the router parses with)', () => {
    expect(uiMethods['stake:quote'].params.parse({ pool: POOL, lamports: '5' }, 'params')).toEqual({
      pool: POOL,
      lamports: '5',
    });
    expect(() => uiMethods['stake:quote'].params.parse({ pool: POOL, lamports: 5 }, 'params')).toThrow(
      'params.lamports: expected an amount in base units',
    );
  });

  it("give a request nobody reviewed its own details as null, and no other method's", () => {
    const base = {
      id: 'r1',
      origin: 'https://dapp.example',
      favicon: null,
      account: null,
      accountName: null,
      chain: 'solana:localnet' as const,
      networkLabel: 'Localnet',
      locked: true,
      warnings: [],
    };
    const details = (method: QueuedRequest['method']) =>
      Object.keys(handlerOf(method).unreviewed(base)).filter((k) => !(k in base) && k !== 'method');
    expect(details('connect')).toEqual([]);
    expect(details('signTransaction')).toEqual(['transaction']);
    expect(details('signAndSendTransaction')).toEqual(['transaction']);
    expect(details('signMessage')).toEqual(['message']);
    expect(details('signIn')).toEqual(['message']);
    expect(details('stake').sort()).toEqual(['intent', 'transaction']);
    expect(handlerOf('stake').unreviewed(base)).toMatchObject({
      method: 'stake',
      intent: null,
      transaction: null,
    });
    for (const method of [
      'connect',
      'signTransaction',
      'signAndSendTransaction',
      'signMessage',
      'signIn',
    ] as const)
      expect(handlerOf(method).unreviewed(base).method).toBe(method);
  });
});
