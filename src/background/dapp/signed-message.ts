// What blocks a signMessage, checked in the review and again before signing: a "message" that is
// really a transaction (it would sign a transaction blind), and a Sign-In With Solana message,
// which is a credential for the site it names whatever door it comes through: it gets every check
// solana:signIn gets (sign-in-text.ts). A message is read as a sign-in message when it parses as one
// (parseSignInMessage, what verifySignIn accepts) or when its first line has the sign-in form,
// even if the rest does not parse (a lenient verifier could still accept it); every reading of
// each field must pass.
import { VersionedMessage } from '@solana/web3.js';
import { parseSignInMessageText } from '@solana/wallet-standard-util';
import { blocking, type Warning } from '../../shared/approval';
import { signInProblems, signInWarnings, type SignInClaims, type SignInContext } from './sign-in-text';

const HEADER = /^(\S+) wants you to sign in with your Solana account:$/i;
/** The fields a lenient reader finds on a line of their own, by their label in the message. */
const LABELS = {
  uri: 'URI',
  chainId: 'Chain ID',
  issuedAt: 'Issued At',
  expirationTime: 'Expiration Time',
  notBefore: 'Not Before',
} as const;

export function messageWarnings(bytes: Uint8Array, context: SignInContext): Warning[] {
  if (looksLikeTransaction(bytes))
    return [
      blocking(
        'message_is_transaction',
        'This “message” is a Solana transaction. Tidepool will not sign it as a message.',
      ),
    ];
  const readings = signInReadings(new TextDecoder().decode(bytes));
  return signInWarnings([...new Set(readings.flatMap((claims) => signInProblems(claims, context)))]);
}

/**
 * The message as a sign-in message: the strict parse, and a line-by-line reading from the first
 * line of the sign-in form. None when neither finds one.
 */
function signInReadings(text: string): SignInClaims[] {
  const readings: SignInClaims[] = [];
  const parsed = parseSignInMessageText(text);
  if (parsed) readings.push({ ...parsed, fields: { ...parsed } });
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const first = lines.findIndex((line) => line.trim() !== '');
  const header = first < 0 ? null : HEADER.exec(lines[first]!.trim());
  if (header) {
    const address = lines[first + 1]?.trim();
    const fields: Record<string, string> = { domain: header[1]!, ...(address ? { address } : {}) };
    for (const line of lines.slice(first + 2))
      for (const [field, label] of Object.entries(LABELS)) {
        const value = line.trim().match(new RegExp(`^${label}:\\s*(.*)$`, 'i'))?.[1];
        if (value !== undefined) {
          // A field given twice: a lenient reader may take either, so each is checked.
          if (field in fields) readings.push(lenient({ ...fields, [field]: value }));
          else fields[field] = value;
        }
      }
    readings.push(lenient(fields));
  }
  return readings;
}

const lenient = (fields: Record<string, string>): SignInClaims => ({
  domain: fields.domain ?? '',
  ...fields,
  fields,
});

/** A message that is really a transaction message would sign a transaction blind. */
function looksLikeTransaction(bytes: Uint8Array): boolean {
  try {
    const message = VersionedMessage.deserialize(bytes);
    return Buffer.from(message.serialize()).equals(Buffer.from(bytes));
  } catch {
    return false;
  }
}
