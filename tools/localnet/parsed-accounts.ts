// The `jsonParsed` encoding for the account kinds wallets and the stake-pool SDK ask for
// (SPL token accounts and mints, stake accounts), in the shape RPC nodes return.
import bs58 from 'bs58';
import {
  STAKE_PROGRAM_ID,
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
  type AccountReader,
  type StoredAccount,
} from './accounts.ts';

export interface TokenBalance {
  accountIndex: number;
  mint: string;
  owner: string;
  programId: string;
  uiTokenAmount: UiTokenAmount;
}

interface UiTokenAmount {
  amount: string;
  decimals: number;
  uiAmount: number | null;
  uiAmountString: string;
}

const TOKEN_ACCOUNT_SIZE = 165;
const MINT_SIZE = 82;

const key = (data: Uint8Array, offset: number) => bs58.encode(data.subarray(offset, offset + 32));
const u64 = (data: Uint8Array, offset: number) => Buffer.from(data).readBigUInt64LE(offset);
const i64 = (data: Uint8Array, offset: number) => Buffer.from(data).readBigInt64LE(offset);
const optionalKey = (data: Uint8Array, offset: number) =>
  Buffer.from(data).readUInt32LE(offset) === 1 ? key(data, offset + 4) : null;

const isTokenProgram = (owner: string) => owner === TOKEN_PROGRAM_ID || owner === TOKEN_2022_PROGRAM_ID;

function uiAmount(amount: bigint, decimals: number): UiTokenAmount {
  const text = amount.toString().padStart(decimals + 1, '0');
  const whole = text.slice(0, text.length - decimals);
  const fraction = text.slice(text.length - decimals).replace(/0+$/, '');
  const uiAmountString = fraction ? `${whole}.${fraction}` : whole;
  // uiAmount is a float in the RPC format; it is informational and never used for money here.
  return { amount: amount.toString(), decimals, uiAmount: Number(uiAmountString), uiAmountString };
}

function mintDecimals(chain: AccountReader, mint: string): number {
  const account = chain.getAccount(mint);
  return account && account.data.length >= MINT_SIZE ? account.data[44]! : 0;
}

export function tokenBalanceOf(
  chain: AccountReader,
  address: string,
  accountIndex: number,
): TokenBalance | null {
  const account = chain.getAccount(address);
  if (!account || !isTokenProgram(account.owner) || account.data.length < TOKEN_ACCOUNT_SIZE) return null;
  const mint = key(account.data, 0);
  return {
    accountIndex,
    mint,
    owner: key(account.data, 32),
    programId: account.owner,
    uiTokenAmount: uiAmount(u64(account.data, 64), mintDecimals(chain, mint)),
  };
}

function parseToken(chain: AccountReader, account: StoredAccount): unknown {
  const d = account.data;
  const program = account.owner === TOKEN_PROGRAM_ID ? 'spl-token' : 'spl-token-2022';
  if (
    d.length === MINT_SIZE ||
    (account.owner === TOKEN_2022_PROGRAM_ID && d.length > TOKEN_ACCOUNT_SIZE && d[TOKEN_ACCOUNT_SIZE] === 1)
  ) {
    return {
      program,
      space: d.length,
      parsed: {
        type: 'mint',
        info: {
          mintAuthority: optionalKey(d, 0),
          supply: u64(d, 36).toString(),
          decimals: d[44],
          isInitialized: d[45] === 1,
          freezeAuthority: optionalKey(d, 46),
        },
      },
    };
  }
  if (d.length >= TOKEN_ACCOUNT_SIZE) {
    const mint = key(d, 0);
    const state = ['uninitialized', 'initialized', 'frozen'][d[108]!] ?? 'uninitialized';
    return {
      program,
      space: d.length,
      parsed: {
        type: 'account',
        info: {
          mint,
          owner: key(d, 32),
          tokenAmount: uiAmount(u64(d, 64), mintDecimals(chain, mint)),
          state,
          isNative: Buffer.from(d).readUInt32LE(109) === 1,
          ...(optionalKey(d, 72)
            ? {
                delegate: optionalKey(d, 72),
                delegatedAmount: uiAmount(u64(d, 121), mintDecimals(chain, mint)),
              }
            : {}),
          ...(optionalKey(d, 129) ? { closeAuthority: optionalKey(d, 129) } : {}),
        },
      },
    };
  }
  return null;
}

function parseStake(account: StoredAccount): unknown {
  const d = account.data;
  if (d.length < 200) return null;
  const kind = Buffer.from(d).readUInt32LE(0);
  const type = ['uninitialized', 'initialized', 'delegated', 'rewardsPool'][kind];
  if (!type || kind === 0 || kind === 3)
    return { program: 'stake', space: d.length, parsed: { type: type ?? 'uninitialized', info: {} } };
  const meta = {
    rentExemptReserve: u64(d, 4).toString(),
    authorized: { staker: key(d, 12), withdrawer: key(d, 44) },
    lockup: { unixTimestamp: Number(i64(d, 76)), epoch: Number(u64(d, 84)), custodian: key(d, 92) },
  };
  const info: Record<string, unknown> = { meta };
  if (kind === 2) {
    info.stake = {
      delegation: {
        voter: key(d, 124),
        stake: u64(d, 156).toString(),
        activationEpoch: u64(d, 164).toString(),
        deactivationEpoch: u64(d, 172).toString(),
        warmupCooldownRate: Buffer.from(d).readDoubleLE(180),
      },
      creditsObserved: Number(u64(d, 188)),
    };
  }
  return { program: 'stake', space: d.length, parsed: { type, info } };
}

/** Parsed data for the account kinds we know, or null to fall back to base64 as nodes do. */
export function parseAccountData(chain: AccountReader, account: StoredAccount): unknown {
  if (isTokenProgram(account.owner)) return parseToken(chain, account);
  if (account.owner === STAKE_PROGRAM_ID) return parseStake(account);
  return null;
}
