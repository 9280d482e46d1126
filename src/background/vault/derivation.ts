// BIP39 phrases and SLIP-0010 ed25519 derivation at m/44'/501'/i'/0' — the path Phantom,
// Solflare, Backpack and MetaMask use — through audited libraries, not hand-rolled code.
import { generateMnemonic, mnemonicToSeedSync, validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { HDKey } from 'micro-key-producer/slip10.js';
import { Keypair } from '@solana/web3.js';
import { WalletError } from '../../shared/errors';

export const solanaPath = (index: number) => `m/44'/501'/${index}'/0'`;

export function newPhrase(words: 12 | 24): string {
  return generateMnemonic(wordlist, words === 12 ? 128 : 256);
}

/** Lower-cases and collapses whitespace, then says exactly what is wrong, if anything. */
export function normalizePhrase(input: string): string {
  const words = input.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (![12, 15, 18, 21, 24].includes(words.length)) {
    throw new WalletError(
      'invalid_input',
      `A recovery phrase has 12 or 24 words (or 15, 18, 21); this one has ${words.length}.`,
    );
  }
  const known = new Set(wordlist);
  const unknown = words.findIndex((w) => !known.has(w));
  if (unknown >= 0)
    throw new WalletError(
      'invalid_input',
      `Word ${unknown + 1} (“${words[unknown]}”) is not a recovery-phrase word.`,
    );
  const phrase = words.join(' ');
  if (!validateMnemonic(phrase, wordlist)) {
    throw new WalletError(
      'invalid_input',
      'The words are valid but the phrase’s checksum is not: a word is wrong or out of order.',
    );
  }
  return phrase;
}

export function seedFromPhrase(phrase: string): Uint8Array {
  return mnemonicToSeedSync(phrase);
}

export function deriveKeypair(seed: Uint8Array, index: number): Keypair {
  return Keypair.fromSeed(HDKey.fromMasterSeed(seed).derive(solanaPath(index)).privateKey);
}
