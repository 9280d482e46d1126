// The service worker's JS heap, read over the DevTools protocol (Chrome exposes no heap figure
// to a worker's own scripts): attach to the worker's target from a page session, collect garbage,
// and ask it.
import type { BrowserContext } from 'playwright-core';

export async function workerHeapBytes(
  context: BrowserContext,
  extensionOrigin: string,
): Promise<number | null> {
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(extensionOrigin));
    if (!worker) return null;
    const { sessionId } = await cdp.send('Target.attachToTarget', {
      targetId: worker.targetId,
      flatten: false,
    });
    // Garbage first, so the figure is what the worker keeps, not when V8 last happened to collect.
    const replies = new Map<number, (result: { usedSize?: number } | undefined) => void>();
    cdp.on('Target.receivedMessageFromTarget', (event) => {
      if (event.sessionId !== sessionId) return;
      const message = JSON.parse(event.message) as { id?: number; result?: { usedSize?: number } };
      if (message.id !== undefined) replies.get(message.id)?.(message.result);
    });
    const ask = (id: number, method: string) =>
      new Promise<{ usedSize?: number } | undefined>((resolve) => {
        replies.set(id, resolve);
        setTimeout(() => resolve(undefined), 5_000);
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
      });
    await ask(1, 'HeapProfiler.collectGarbage');
    const used = (await ask(2, 'Runtime.getHeapUsage'))?.usedSize ?? null;
    await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
    return used;
  } catch {
    return null;
  } finally {
    await cdp.detach().catch(() => {});
  }
}
