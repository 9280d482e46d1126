// WebCrypto only: PBKDF2-SHA256 turns the password into an AES-256-GCM key; the blob records the
// KDF parameters so they can be raised later without breaking old vaults.
import { Buffer } from 'buffer';

export const CURRENT_KDF_ITERATIONS = 600_000;

interface KdfParams {
  name: 'PBKDF2';
  hash: 'SHA-256';
  iterations: number;
  salt: string; // base64
}

export interface EncryptedBlob {
  version: 1;
  kdf: KdfParams;
  cipher: { name: 'AES-GCM'; iv: string }; // base64, 12 bytes
  data: string; // base64 ciphertext with the GCM tag
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const unb64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(Buffer.from(text, 'base64'));
const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));

export function newKdfParams(iterations = CURRENT_KDF_ITERATIONS): KdfParams {
  return { name: 'PBKDF2', hash: 'SHA-256', iterations, salt: b64(random(16)) };
}

/** Extractable so the unlocked key (never the password) can be parked in session storage. */
export async function deriveKey(password: string, kdf: KdfParams): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(password.normalize('NFKC')),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: kdf.hash, iterations: kdf.iterations, salt: unb64(kdf.salt) },
    material,
    { name: 'AES-GCM', length: 256 },
    true,
    ['encrypt', 'decrypt'],
  );
}

export async function encrypt(
  key: CryptoKey,
  kdf: KdfParams,
  plaintext: Uint8Array<ArrayBuffer>,
): Promise<EncryptedBlob> {
  const iv = random(12);
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plaintext));
  return { version: 1, kdf, cipher: { name: 'AES-GCM', iv: b64(iv) }, data: b64(data) };
}

/** Throws on a wrong key: GCM authentication fails. */
export async function decrypt(key: CryptoKey, blob: EncryptedBlob): Promise<Uint8Array> {
  return new Uint8Array(
    await crypto.subtle.decrypt({ name: 'AES-GCM', iv: unb64(blob.cipher.iv) }, key, unb64(blob.data)),
  );
}

export async function exportKey(key: CryptoKey): Promise<string> {
  return b64(new Uint8Array(await crypto.subtle.exportKey('raw', key)));
}

export async function importKey(raw: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', unb64(raw), { name: 'AES-GCM', length: 256 }, true, [
    'encrypt',
    'decrypt',
  ]);
}

/** Validates a stored blob's shape before any decryption is attempted. */
export function parseBlob(value: unknown): EncryptedBlob | null {
  if (!value || typeof value !== 'object') return null;
  const blob = value as Partial<EncryptedBlob>;
  const kdf = blob.kdf;
  if (blob.version !== 1 || !kdf || kdf.name !== 'PBKDF2' || kdf.hash !== 'SHA-256') return null;
  if (!Number.isSafeInteger(kdf.iterations) || kdf.iterations < 1 || typeof kdf.salt !== 'string')
    return null;
  if (blob.cipher?.name !== 'AES-GCM' || typeof blob.cipher.iv !== 'string' || typeof blob.data !== 'string')
    return null;
  return blob as EncryptedBlob;
}
