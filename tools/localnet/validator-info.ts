// Validator-info accounts as `solana validator-info publish` leaves them: accounts of the Config
// program holding ConfigKeys (a short-vec of (pubkey, signer) pairs: the Va1idator1nfo key, then the
// validator's identity as signer) followed by the info as a bincode String of JSON, in an account of
// ConfigKeys' size plus MAX_VALIDATOR_INFO (576) bytes.
import bs58 from 'bs58';

export const CONFIG_PROGRAM_ID = 'Config1111111111111111111111111111111111111';
const VALIDATOR_INFO_KEY = 'Va1idator1nfo111111111111111111111111111111';
const MAX_VALIDATOR_INFO = 576;

/** The fields `solana validator-info publish` takes. */
export interface ValidatorInfoFields {
  name: string;
  website?: string;
  details?: string;
  iconUrl?: string;
}

export function encodeValidatorInfo(identity: string, info: ValidatorInfoFields): Uint8Array {
  const json = Buffer.from(JSON.stringify(info), 'utf8');
  if (json.length > MAX_VALIDATOR_INFO - 8)
    throw new Error(`validator info is ${json.length} bytes of JSON, more than fits`);
  const keys = [
    { key: VALIDATOR_INFO_KEY, signer: false },
    { key: identity, signer: true },
  ];
  // A short-vec length below 128 is one byte.
  const keysSize = 1 + keys.length * 33;
  const data = Buffer.alloc(keysSize + MAX_VALIDATOR_INFO);
  data.writeUInt8(keys.length, 0);
  keys.forEach(({ key, signer }, i) => {
    data.set(bs58.decode(key), 1 + i * 33);
    data.writeUInt8(signer ? 1 : 0, 1 + i * 33 + 32);
  });
  data.writeBigUInt64LE(BigInt(json.length), keysSize);
  json.copy(data, keysSize + 8);
  return new Uint8Array(data);
}
