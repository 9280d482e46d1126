// Infinity prices each LST through a SOL-value calculator program named in its LST state list. The
// controller passes the calculator its own accounts after the program id (igneous-labs inf-1.5 at
// the June 2025 snapshot, sol-val-calc/*: wSOL none; the stake-pool calculators, generic: the
// calculator's state PDA ["state"], the stake pool, the pool's program and that program's
// ProgramData, which the calculator reads to refuse a program upgraded after its recorded slot).
// These are also what a quote must read to know the calculator will price the LST.
import { PublicKey } from '@solana/web3.js';
import { STAKE_POOL_PROGRAMS } from '../../shared/stake-pool-programs';

const UPGRADEABLE_LOADER = new PublicKey('BPFLoaderUpgradeab1e11111111111111111111111');
const MARINADE_PROGRAM = new PublicKey('MarBmsSgKXdrN1egZf5sqe1TMai9K1rChYNDJgjq7aD');
/** Marinade's one State: the Marinade calculator prices mSOL from it alone. */
const MARINADE_STATE = new PublicKey('8szGkuLTAux9XMgZ2vtY39jVSowEcpBfFfD8hXSEqdGC');

/** The calculators Tidepool knows, by program id, and which program's pools each prices. */
const CALCULATORS = {
  wsoGmxQLSvwWpuaidCApxN5kEowLe2HLQLJhCQnj4bE: { kind: 'wsol' },
  sp1V4h2gWorkGhVcazBc22Hfo2f5sd7jcjT4EDPrWFF: { kind: 'stakePool', poolProgram: STAKE_POOL_PROGRAMS.spl },
  sspUE1vrh7xRoXxGsg7vR1zde2WdGtJRbyK9uRumBDy: {
    kind: 'stakePool',
    poolProgram: STAKE_POOL_PROGRAMS.sanctumSingle,
  },
  ssmbu3KZxgonUtjEMCKspZzxvUQCxAFnyh1rcHUeEDo: {
    kind: 'stakePool',
    poolProgram: STAKE_POOL_PROGRAMS.sanctumMulti,
  },
  mare3SCyfZkAndpBRBeonETmkCCB3TJTTrz8ZN2dnhP: { kind: 'marinade' },
} as const satisfies Record<
  string,
  { kind: 'wsol' | 'marinade' } | { kind: 'stakePool'; poolProgram: PublicKey }
>;

/** A calculator as the controller is handed it: its program id, then the accounts it reads. */
export interface CalculatorAccounts {
  program: PublicKey;
  accounts: PublicKey[];
}

export const programDataAddress = (program: PublicKey): PublicKey =>
  PublicKey.findProgramAddressSync([program.toBuffer()], UPGRADEABLE_LOADER)[0];

const calculatorState = (calculator: PublicKey): PublicKey =>
  PublicKey.findProgramAddressSync([Buffer.from('state')], calculator)[0];

type CalculatorLookup = { ok: true; calculator: CalculatorAccounts } | { ok: false; reason: string };

/**
 * The accounts `calculator` needs to price an LST. A stake-pool calculator needs the LST's pool
 * (the pool whose mint it is; `pool` null when none is known); the others price from fixed accounts.
 */
export function calculatorAccounts(calculator: PublicKey, pool: PublicKey | null): CalculatorLookup {
  const known = (CALCULATORS as Record<string, (typeof CALCULATORS)[keyof typeof CALCULATORS]>)[
    calculator.toBase58()
  ];
  if (!known)
    return {
      ok: false,
      reason: `Infinity prices this LST with a calculator Tidepool does not know (${calculator.toBase58()}).`,
    };
  const generic = (poolState: PublicKey, poolProgram: PublicKey) => [
    calculatorState(calculator),
    poolState,
    poolProgram,
    programDataAddress(poolProgram),
  ];
  switch (known.kind) {
    case 'wsol':
      return { ok: true, calculator: { program: calculator, accounts: [] } };
    case 'marinade':
      return {
        ok: true,
        calculator: { program: calculator, accounts: generic(MARINADE_STATE, MARINADE_PROGRAM) },
      };
    case 'stakePool':
      return pool
        ? { ok: true, calculator: { program: calculator, accounts: generic(pool, known.poolProgram) } }
        : { ok: false, reason: 'Infinity prices this LST by a stake pool Tidepool has not found.' };
  }
}
