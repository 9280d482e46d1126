// Paint detection that runs inside the page from its first script, not on the bench's call: each
// animation frame (run just before that frame paints) checks the watched elements and records the
// first time each one's text matches. Asking from the bench after page.goto instead measured when
// the bench's own Node process got round to asking — and that process also runs the localnet, so a
// refresh the page had just sent to the node delayed the detection of a paint already on screen.
import type { BrowserContext, Page } from 'playwright-core';
import { FLOOR_TEST_ID, FLOOR_TEXT } from './floor-build.ts';

/** testId → pattern its text must match; one watcher for every extension page opened. */
const WATCHED: Record<string, string> = {
  [FLOOR_TEST_ID]: FLOOR_TEXT,
  'total-value': 'SOL',
  freshness: '^Updated',
};

/** Installs the watcher in every page of the context (a string: tsx would wrap named functions in a helper the page lacks). */
export async function watchPaints(context: BrowserContext): Promise<void> {
  await context.addInitScript(`(() => {
    if (!location.protocol.endsWith('-extension:')) return;
    const watched = ${JSON.stringify(WATCHED)};
    const seen = {};
    globalThis.__tidepoolPaintedAt = seen;
    const started = performance.now();
    const frame = () => {
      for (const id of Object.keys(watched)) {
        if (seen[id] !== undefined) continue;
        const el = document.querySelector('[data-testid="' + id + '"]');
        if (el && new RegExp(watched[id]).test(el.textContent || '')) seen[id] = performance.now();
      }
      if (performance.now() - started < 30000) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  })()`);
}

/** ms from navigation start until the element's text first matched, as the page recorded it. */
export function paintedAt(page: Page, testId: string): Promise<number> {
  return page
    .waitForFunction(
      (id) =>
        (globalThis as unknown as { __tidepoolPaintedAt?: Record<string, number> }).__tidepoolPaintedAt?.[
          id
        ] ?? false,
      testId,
      { timeout: 30_000 },
    )
    .then((h) => h.jsonValue() as Promise<number>);
}
