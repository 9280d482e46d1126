// What may postpone the auto-lock: a request one of our pages marks as made under a real user
// gesture, for a method that only follows such input. Polls, refreshes and anything unmarked
// never count, whatever they claim.
import { describe, expect, it } from 'vitest';
import { isUserActivity } from '../../src/background/ui/router';
import { UI_CHANNEL } from '../../src/shared/protocol';

const request = (method: string, gesture?: unknown) => ({
  channel: UI_CHANNEL,
  method,
  params: {},
  ...(gesture === undefined ? {} : { gesture }),
});

describe('user activity', () => {
  it('counts a decision, an unlock, a send or a setting made under a gesture', () => {
    for (const method of [
      'approval:decide',
      'vault:unlock',
      'send:execute',
      'settings:setAutoLock',
      'accounts:add',
      'stake:quote',
    ]) {
      expect(isUserActivity(request(method, true)), method).toBe(true);
    }
  });

  it('never counts the approval window’s poll or other reads pages make on their own, even marked as a gesture', () => {
    for (const method of [
      'approval:get',
      'wallet:state',
      'portfolio:get',
      'app:ping',
      'network:get',
      'activity:list',
      'sites:list',
      'pools:list',
      'stake:limits',
    ]) {
      expect(isUserActivity(request(method, true)), method).toBe(false);
    }
  });

  it('never counts an unmarked request, a forged flag, another channel, an unknown method or junk', () => {
    expect(isUserActivity(request('approval:decide'))).toBe(false);
    expect(isUserActivity(request('approval:decide', false))).toBe(false);
    expect(isUserActivity(request('approval:decide', 'true'))).toBe(false);
    expect(isUserActivity(request('approval:decide', 1))).toBe(false);
    expect(isUserActivity({ channel: 'tidepool/dapp', method: 'approval:decide', gesture: true })).toBe(
      false,
    );
    expect(isUserActivity(request('__proto__', true))).toBe(false);
    expect(isUserActivity(request('toString', true))).toBe(false);
    for (const junk of [null, undefined, 'approval:decide', 42, []]) expect(isUserActivity(junk)).toBe(false);
  });
});
