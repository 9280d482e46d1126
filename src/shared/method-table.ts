// How a protocol method is declared: once, in one table entry that holds the schema its params
// are validated with, the type of its result, and what it does besides answering. Every type and
// list the two protocols use (method names, params, results, the sending and secret-bearing
// methods) is derived from the table, so a method cannot exist on one side only.
//
// The result is a type only: nothing of it exists at run time (the background's handlers produce
// it, the UI receives it as JSON). It rides on an optional symbol-keyed property that no value has.
import type { Infer } from './validate';

interface ParamsSchema {
  parse(value: unknown, path?: string): unknown;
}

/**
 * `sends`: signs and sends a transaction. `secret`: its result carries key material.
 * `unattended`: our pages call it on their own (on load, on a timer, on focus), so a call is no
 * sign that a person is there.
 */
interface Flags {
  readonly sends?: true;
  readonly secret?: true;
  readonly unattended?: true;
}

declare const RESULT: unique symbol;

/** One method: its params schema, its flags, and (type only) its result R. */
export type MethodDeclaration<S extends ParamsSchema = ParamsSchema, R = unknown> = Flags & {
  readonly params: S;
  readonly [RESULT]?: { readonly result: R };
};

/**
 * `method(schema).returns<R>()`, or `method(schema, { sends: true }).returns<R>()`. Two steps
 * because TypeScript infers the schema and flags only when R is not written out with them.
 */
export function method<S extends ParamsSchema, const F extends Flags = {}>(params: S, flags?: F) {
  return {
    returns: <R>(): MethodDeclaration<S, R> & F => ({ params, ...flags }) as { params: S } & F,
  };
}

/** A protocol: its methods by name. */
export type MethodTable = Record<string, MethodDeclaration>;

export type ParamsOf<D> = D extends { readonly params: infer S } ? Infer<S> : never;
export type ResultOf<D> = D extends { readonly [RESULT]?: { readonly result: infer R } } ? R : never;
/** The methods of a table that carry a flag. */
export type FlaggedMethods<T extends MethodTable, F extends keyof Flags> = {
  [M in keyof T]: T[M] extends { readonly [K in F]: true } ? M : never;
}[keyof T];

/** Whether a method carries a flag, read off its declaration. */
export function hasFlag<T extends MethodTable, F extends keyof Flags>(
  table: T,
  method: keyof T,
  flag: F,
): method is FlaggedMethods<T, F> {
  const declaration: Flags | undefined = table[method];
  return declaration?.[flag] === true;
}

/** The run-time list of the methods that carry a flag, read off the same table. */
export function flaggedMethods<T extends MethodTable, F extends keyof Flags>(
  table: T,
  flag: F,
): readonly (FlaggedMethods<T, F> & string)[] {
  return Object.keys(table).filter((m): m is FlaggedMethods<T, F> & string => hasFlag(table, m, flag));
}
