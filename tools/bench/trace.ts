// A Chrome trace of one new page at the popup's size (DevTools protocol), for the bench's
// diagnosis tools: started before the page navigates, stopped when the caller has seen enough.
import type { Page } from 'playwright-core';
import type { Wallet } from '../../tests/support/browser.ts';

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  tid: number;
  pid: number;
  args?: { name?: string; data?: { frame?: string } };
}

/** A new tab, 360 × 600, traced with `categories` from now until `stop()`. */
export async function tracedPage(
  wallet: Wallet,
  categories: string[],
): Promise<{ page: Page; stop(): Promise<TraceEvent[]> }> {
  const page = await wallet.context.newPage();
  await page.setViewportSize({ width: 360, height: 600 });
  const cdp = await wallet.context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: categories },
  });
  return {
    page,
    async stop() {
      await cdp.send('Tracing.end');
      await done;
      await cdp.detach();
      return events;
    },
  };
}
