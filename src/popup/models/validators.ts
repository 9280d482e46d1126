// The validator list as the popup holds it: asked once per epoch (the background keeps it for the
// epoch too, so a second screen that wants it costs no round trip), with the epoch of the
// portfolio's last refresh so a list from an earlier epoch is read again.
import { signal } from '@preact/signals';
import type { ValidatorList } from '../../shared/native-staking';
import { call } from '../../ui/client';
import { portfolio } from './portfolio';

export const validatorList = signal<ValidatorList | null>(null);

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
