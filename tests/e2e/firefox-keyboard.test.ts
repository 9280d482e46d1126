// The keyboard-only journeys (tests/support/keyboard-flows.ts) in real Firefox ESR: onboarding,
// stake, unstake through the asset's detail dialog, send, and Connect and Reject in the approval
// window, with the same keys the Chromium suite presses.
import { launchFirefoxWallet } from '../support/firefox';
import { keyboardJourneys } from '../support/keyboard-flows';

keyboardJourneys('Firefox', () => launchFirefoxWallet());
