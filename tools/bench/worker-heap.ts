// The service worker's JS heap, read over the DevTools protocol (Chrome exposes no heap figure
// to a worker's own scripts): attach to the worker's target from a page session and ask it.
import type { BrowserContext } from 'playwright-core';

export async function workerHeapBytes(context: BrowserContext, extensionOrigin: string): Promise<number | null> {
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(extensionOrigin));
    if (!worker) return null;
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
    const answer = new Promise<number | null>((resolve) => {
      cdp.on('Target.receivedMessageFromTarget', (event) => {
        if (event.sessionId !== sessionId) return;
        const message = JSON.parse(event.message) as { id?: number; result?: { usedSize: number } };
        if (message.id === 1) resolve(message.result?.usedSize ?? null);
      });
      setTimeout(() => resolve(null), 5_000);
    });
    await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' }) });
    const used = await answer;
    await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
    return used;
  } catch {
    return null;
  } finally {
    await cdp.detach().catch(() => {});
  }
}
