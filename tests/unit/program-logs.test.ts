import { describe, expect, it } from 'vitest';
import { failureReason } from '../../src/background/chain/program-logs';

describe('why a simulation failed', () => {
  it('quotes the most specific line a program logged, not the generic failure', () => {
    expect(
      failureReason([
        'Program 11111111111111111111111111111111 invoke [1]',
        'Transfer: insufficient lamports 19999995000, need 10000000000000',
        'Program 11111111111111111111111111111111 failed: custom program error: 0x1',
      ]),
    ).toBe('Transfer: insufficient lamports 19999995000, need 10000000000000');
    expect(
      failureReason([
        'Program SPoo1Ku8WFXoNDMHPsrGSTSG1Y47rzgn41SLUNakuHy invoke [1]',
        'Program log: Error: First update old validator stake account balances and then pool stake balance',
        'Program SPoo1Ku8WFXoNDMHPsrGSTSG1Y47rzgn41SLUNakuHy failed: custom program error: 0x11',
      ]),
    ).toBe('Error: First update old validator stake account balances and then pool stake balance');
    expect(failureReason(['Program X failed: custom program error: 0x2'])).toBe(
      'Program X failed: custom program error: 0x2',
    );
    expect(failureReason([])).toBeNull();
  });
});
