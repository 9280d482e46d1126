// Validators' names and sites as they publish them: Config program accounts written by `solana
// validator-info publish` (two config keys, the Va1idator1nfo key then the identity as signer, and
// the info as a JSON string), decoded by web3.js's ValidatorInfo. Found with one getProgramAccounts
// filtered on that first key. Self-published and unverified: anyone can publish any name, so the
// text is only cleaned (control characters out, lengths bounded) and a site is kept only as an
// https address; the UI says whose claim it is.
import { PublicKey, VALIDATOR_INFO_KEY, ValidatorInfo } from '@solana/web3.js';
import { rpcCall } from '../chain/rpc-methods';
import type { ProgramAccount } from '../chain/rpc-shapes';

const CONFIG_PROGRAM_ID = new PublicKey('Config1111111111111111111111111111111111111');
/** Where the first config key sits: after the one-byte short-vec count of keys. */
const FIRST_KEY_OFFSET = 1;
const MAX_NAME = 64;
const MAX_DETAILS = 280;
const MAX_WEBSITE = 200;

export interface PublishedInfo {
  name: string | null;
  website: string | null;
  details: string | null;
}

export const validatorInfoCall = () =>
  rpcCall('getProgramAccounts', [
    CONFIG_PROGRAM_ID.toBase58(),
    {
      encoding: 'base64',
      filters: [{ memcmp: { offset: FIRST_KEY_OFFSET, bytes: VALIDATOR_INFO_KEY.toBase58() } }],
    },
  ]);

/** Printable text, at most `max` characters, or null when nothing is left. */
function clean(text: string | undefined, max: number): string | null {
  if (typeof text !== 'string') return null;
  // Control and direction characters could disguise a name.
  const printable = text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
  const trimmed = printable.trim().slice(0, max).trim();
  return trimmed || null;
}

function httpsSite(text: string | undefined): string | null {
  const candidate = clean(text, MAX_WEBSITE);
  if (!candidate) return null;
  try {
    return new URL(candidate).protocol === 'https:' ? candidate : null;
  } catch {
    return null;
  }
}

/** The published info by validator identity; accounts that are not validator info are left out. */
export function publishedInfo(accounts: readonly ProgramAccount[]): Map<string, PublishedInfo> {
  const byIdentity = new Map<string, PublishedInfo>();
  for (const { account } of accounts) {
    let decoded: ValidatorInfo | null;
    try {
      decoded = ValidatorInfo.fromConfigData(Buffer.from(account.data[0], 'base64'));
    } catch {
      decoded = null; // its JSON does not parse, or is not the published shape
    }
    if (!decoded) continue;
    byIdentity.set(decoded.key.toBase58(), {
      name: clean(decoded.info.name, MAX_NAME),
      website: httpsSite(decoded.info.website),
      details: clean(decoded.info.details, MAX_DETAILS),
    });
  }
  return byIdentity;
}
