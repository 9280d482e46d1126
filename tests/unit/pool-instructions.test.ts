// The stake-pool instructions Tidepool signs name the pool's own token program: the SDK's builders
// write SPL Token's, which a Token-2022 pool's program refuses (and a pool on SPL Token keeps it).
import { Keypair, PublicKey } from '@solana/web3.js';
import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from '@solana/spl-token';
import { describe, expect, it } from 'vitest';
import type { PoolState } from '../../src/background/staking/pool-account';
import {
  depositSolIx,
  poolUpdateIxs,
  withdrawSolIx,
  withdrawStakeIx,
} from '../../src/background/staking/pool-instructions';
import { STAKE_POOL_PROGRAMS } from '../../src/shared/stake-pool-programs';

const key = () => Keypair.generate().publicKey;
const owner = key();

function poolOn(tokenProgramId: PublicKey): PoolState {
  return {
    address: key(),
    programId: STAKE_POOL_PROGRAMS.spl,
    programKind: 'spl',
    manager: key(),
    staker: key(),
    validatorList: key(),
    reserveStake: key(),
    poolMint: key(),
    managerFeeAccount: key(),
    tokenProgramId,
    solDepositAuthority: null,
  } as Partial<PoolState> as PoolState;
}

const built = (pool: PoolState) => [
  depositSolIx(pool, owner, 5n),
  withdrawSolIx(pool, owner, 5n),
  withdrawStakeIx(pool, owner, key(), key(), 5n),
  poolUpdateIxs(pool, [])[1]!,
];

describe('stake-pool instructions and the token program', () => {
  it('name Token-2022 for a Token-2022 pool, never SPL Token', () => {
    for (const ix of built(poolOn(TOKEN_2022_PROGRAM_ID))) {
      expect(
        ix.keys.some((k) => k.pubkey.equals(TOKEN_2022_PROGRAM_ID) && !k.isWritable && !k.isSigner),
      ).toBe(true);
      expect(ix.keys.some((k) => k.pubkey.equals(TOKEN_PROGRAM_ID))).toBe(false);
      expect(ix.programId.equals(STAKE_POOL_PROGRAMS.spl)).toBe(true);
    }
  });

  it('keep SPL Token for a pool on SPL Token', () => {
    for (const ix of built(poolOn(TOKEN_PROGRAM_ID)))
      expect(ix.keys.some((k) => k.pubkey.equals(TOKEN_PROGRAM_ID))).toBe(true);
  });
});
