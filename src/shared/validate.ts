// Runtime validation at the boundaries. Every message that crosses into the background is parsed
// by one of these schemas before any handler sees it. Objects must be plain and carry no field the
// schema does not name (`__proto__` included): a malformed request is refused whole, never
// trimmed into a valid one.
import bs58 from 'bs58';
import { ADDRESS_MAX_CHARS, ADDRESS_MIN_CHARS, BASE58 } from './base58';

export class ValidationError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(path ? `${path}: ${message}` : message);
  }
}

interface Schema<T> {
  parse(value: unknown, path?: string): T;
}

export type Infer<S> = S extends Schema<infer T> ? T : never;
type OptionalKeys<S> = { [K in keyof S]: undefined extends Infer<S[K]> ? K : never }[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] };
/** Fields whose schema accepts undefined become optional properties. */
type ObjectOf<S> = Simplify<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> }
>;

const schema = <T>(parse: (value: unknown, path: string) => T): Schema<T> => ({
  parse: (v, path = '') => parse(v, path),
});

const MAX_STRING = 64 * 1024;

export const v = {
  string: (opts: { max?: number; min?: number; pattern?: RegExp; what?: string } = {}) =>
    schema<string>((value, path) => {
      if (typeof value !== 'string') throw new ValidationError(path, `expected ${opts.what ?? 'a string'}`);
      if (value.length > (opts.max ?? MAX_STRING)) throw new ValidationError(path, 'too long');
      if (value.length < (opts.min ?? 0)) throw new ValidationError(path, 'too short');
      if (opts.pattern && !opts.pattern.test(value))
        throw new ValidationError(path, `expected ${opts.what ?? 'a valid value'}`);
      return value;
    }),
  literal: <L extends string | number | boolean>(...options: L[]) =>
    schema<L>((value, path) => {
      if (!options.includes(value as L))
        throw new ValidationError(path, `expected one of ${options.join(', ')}`);
      return value as L;
    }),
  boolean: () =>
    schema<boolean>((value, path) => {
      if (typeof value !== 'boolean') throw new ValidationError(path, 'expected true or false');
      return value;
    }),
  integer: (opts: { min?: number; max?: number } = {}) =>
    schema<number>((value, path) => {
      if (typeof value !== 'number' || !Number.isSafeInteger(value))
        throw new ValidationError(path, 'expected an integer');
      if (opts.min !== undefined && value < opts.min)
        throw new ValidationError(path, `must be at least ${opts.min}`);
      if (opts.max !== undefined && value > opts.max)
        throw new ValidationError(path, `must be at most ${opts.max}`);
      return value;
    }),
  optional: <T>(inner: Schema<T>) =>
    schema<T | undefined>((value, path) =>
      value === undefined || value === null ? undefined : inner.parse(value, path),
    ),
  array: <T>(inner: Schema<T>, opts: { max?: number } = {}) =>
    schema<T[]>((value, path) => {
      if (!Array.isArray(value)) throw new ValidationError(path, 'expected a list');
      if (value.length > (opts.max ?? 1000)) throw new ValidationError(path, 'too many items');
      return value.map((item, i) => inner.parse(item, `${path}[${i}]`));
    }),
  object: <S extends Record<string, Schema<unknown>>>(shape: S) =>
    schema<ObjectOf<S>>((value, path) => {
      if (!isPlainObject(value)) throw new ValidationError(path, 'expected an object');
      const unexpected = Object.keys(value).find((key) => !Object.hasOwn(shape, key));
      if (unexpected !== undefined)
        throw new ValidationError(
          path ? `${path}.${unexpected.slice(0, 32)}` : unexpected.slice(0, 32),
          'unexpected field',
        );
      const out = Object.create(null) as Record<string, unknown>;
      for (const key of Object.keys(shape)) {
        const field = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
        const parsed = shape[key]!.parse(field, path ? `${path}.${key}` : key);
        if (parsed !== undefined) out[key] = parsed;
      }
      return out as ObjectOf<S>;
    }),
  /** The first of two schemas that accepts the value (e.g. "SOL" or an address). */
  either: <A, B>(a: Schema<A>, b: Schema<B>) =>
    schema<A | B>((value, path) => {
      try {
        return a.parse(value, path);
      } catch {
        return b.parse(value, path);
      }
    }),
  /** One of several object shapes, chosen by the string in `field` (each shape names it as a literal). */
  variant: <M extends Record<string, Schema<unknown>>>(field: string, shapes: M) =>
    schema<Infer<M[keyof M]>>((value, path) => {
      const tag = isPlainObject(value) ? value[field] : undefined;
      if (typeof tag !== 'string' || !Object.hasOwn(shapes, tag))
        throw new ValidationError(
          path ? `${path}.${field}` : field,
          `expected one of ${Object.keys(shapes).join(', ')}`,
        );
      return shapes[tag]!.parse(value, path) as Infer<M[keyof M]>;
    }),
  empty: () =>
    schema<Record<string, never>>((value, path) => {
      if (value !== undefined && !(isPlainObject(value) && Object.keys(value).length === 0))
        throw new ValidationError(path, 'expected no parameters');
      return {};
    }),
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const base58Text = v.string({
  min: ADDRESS_MIN_CHARS,
  max: ADDRESS_MAX_CHARS,
  pattern: BASE58,
  what: 'a Solana address',
});
/**
 * A base58 public key that decodes to exactly 32 bytes: a string that only looks like one (44
 * 'z's) would otherwise pass here and throw later, deep in a handler.
 */
export const addressSchema = schema<string>((value, path) => {
  const text = base58Text.parse(value, path);
  if (bs58.decodeUnsafe(text)?.length !== 32)
    throw new ValidationError(path, 'expected a Solana address (32 bytes in base58)');
  return text;
});
/** Base units (lamports or token units) as a decimal integer string, since JSON has no u64. */
export const baseUnitsSchema = v.string({
  min: 1,
  max: 20,
  pattern: /^\d+$/,
  what: 'an amount in base units',
});
export const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
