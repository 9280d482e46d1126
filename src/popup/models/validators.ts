// The validator list as the popup holds it: asked once per epoch (the background keeps it for the
// epoch too, so a second screen that wants it costs no round trip), with the epoch of the
// portfolio's last refresh so a list from an earlier epoch is read again.
import { signal } from '@preact/signals';
import type { ValidatorList, ValidatorView } from '../../shared/native-staking';
import { call } from '../../ui/client';
import { apyText } from '../components/Amounts';
import { portfolio } from './portfolio';

export const validatorList = signal<ValidatorList | null>(null);

/** A validator's APY in the words a pool's is said in: the epoch it counts and the slot time it used. */
export function validatorApyText(v: Pick<ValidatorView, 'apyBps'>): string {
  const apy = validatorList.value?.apy;
  return apyText({ apyBps: v.apyBps, apyBasis: apy?.measured ? apy.basis : null });
}

let asked: Promise<ValidatorList> | null = null;

export function loadValidators(): Promise<ValidatorList> {
  const epoch = portfolio.value?.epoch;
  const held = validatorList.value;
  if (held && (epoch === undefined || held.epoch >= epoch)) return Promise.resolve(held);
  asked ??= call('validators:list', epoch === undefined ? {} : { epoch })
    .then((list) => (validatorList.value = list))
    .finally(() => (asked = null));
  return asked;
}
