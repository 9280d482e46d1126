// Screens that are not on the popup's first paint (everything but Home and Unlock) live in chunks
// of their own: the first paint evaluates only what it shows. Each is fetched the first time it is
// shown, and all of them shortly after the first paint (when the page is idle), so moving to a tab
// later does not wait for the chunk.
import type { ComponentType, FunctionComponent, JSX } from 'preact';
import { signal } from '@preact/signals';

const loaders: (() => Promise<void>)[] = [];

/** `loading`: what stands in until the chunk is there (a screen's empty main by default). */
export function lazyScreen<P extends object>(
  load: () => Promise<ComponentType<P>>,
  loading: () => JSX.Element | null = () => <main class="screen" aria-busy="true" />,
): FunctionComponent<P> {
  const loaded = signal<ComponentType<P> | null>(null);
  let started: Promise<void> | null = null;
  const start = () =>
    (started ??= load().then((component) => {
      loaded.value = component;
    }));
  loaders.push(start);
  return function LazyScreen(props: P) {
    const Screen = loaded.value;
    if (Screen) return <Screen {...props} />;
    void start();
    return loading();
  };
}

/**
 * After the first paint: fetch every lazy screen, so none waits when it is opened. Not at once:
 * the saved portfolio's paint comes first (an idle moment while storage answers would otherwise
 * be spent evaluating chunks the paint does not need).
 */
export function preloadScreens(afterMs = 400): void {
  const all = () => {
    for (const start of loaders) void start();
  };
  setTimeout(
    () => (typeof requestIdleCallback === 'function' ? requestIdleCallback(all, { timeout: 1_000 }) : all()),
    afterMs,
  );
}
