// The BIP39 and SLIP-0010 libraries against published test vectors, and our Solana path against
// the addresses every major Solana wallet shows for the same phrase.
import { mnemonicToSeedSync } from '@scure/bip39';
import { HDKey } from 'micro-key-producer/slip10.js';
import { describe, expect, it } from 'vitest';
import {
  deriveKeypair,
  normalizePhrase,
  seedFromPhrase,
  solanaPath,
} from '../../src/background/vault/derivation';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const ABANDON =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

describe('BIP39 (Trezor reference vectors)', () => {
  it('derives the published seed for the all-zero-entropy phrase with passphrase TREZOR', () => {
    expect(hex(mnemonicToSeedSync(ABANDON, 'TREZOR'))).toBe(
      'c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04',
    );
  });
  it('derives the published seed for the "legal winner … yellow" vector', () => {
    const phrase = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
    expect(hex(mnemonicToSeedSync(phrase, 'TREZOR'))).toBe(
      '2e8905819b8723fe2c1d161860e5ee1830318dbf49a83bd451cfb8440c28bd6fa457fe1296106559a3c80937a1c1069be3a3a5bd381ee6260e8d9739fce1f607',
    );
  });
});

describe('SLIP-0010 ed25519 (test vector 1, seed 000102…0f)', () => {
  const master = HDKey.fromMasterSeed(Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex'));
  it('master key and chain code', () => {
    expect(hex(master.privateKey)).toBe('2b4be7f19ee27bbf30c667b642d5f4aa69fd169872f8fc3059c08ebae2eb19e7');
    expect(hex(master.chainCode)).toBe('90046a93de5380a72b5e45010748567d5ea02bbf6522f979e05c0d8d8ca9fffb');
  });
  it("m/0' and m/0'/1'", () => {
    expect(hex(master.derive("m/0'").privateKey)).toBe(
      '68e0fe46dfb67e368c75379acec591dad19df3cde26e63b93a8e704f1dade7a3',
    );
    expect(hex(master.derive("m/0'/1'").privateKey)).toBe(
      'b1d0bad404bf35da785a64ca1ac54b2617211d2777696fbffaf208f746ae84f2',
    );
  });
});

describe("Solana accounts at m/44'/501'/i'/0'", () => {
  it('match the addresses Phantom, Solflare and Backpack show for the "abandon … about" phrase', () => {
    const seed = seedFromPhrase(ABANDON);
    expect(solanaPath(0)).toBe("m/44'/501'/0'/0'");
    expect([0, 1, 2].map((i) => deriveKeypair(seed, i).publicKey.toBase58())).toEqual([
      'HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk',
      'Hh8QwFUA6MtVu1qAoq12ucvFHNwCcVTV7hpWjeY1Hztb',
      '7WktogJEd2wQ9eH2oWusmcoFTgeYi6rS632UviTBJ2jm',
    ]);
  });

  it('says exactly what is wrong with a phrase', () => {
    expect(normalizePhrase(`  ${ABANDON.toUpperCase()}  `)).toBe(ABANDON);
    expect(() => normalizePhrase('abandon abandon')).toThrow(/12 or 24 words .* has 2/);
    expect(() => normalizePhrase(ABANDON.replace('about', 'aboot'))).toThrow(
      /Word 12 \(“aboot”\) is not a recovery-phrase word/,
    );
    expect(() => normalizePhrase(ABANDON.replace('about', 'abandon'))).toThrow(/checksum/);
  });
});
