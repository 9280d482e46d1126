// When a screen replaces the one the keyboard was on, the focused control goes with it and the
// browser drops the focus to the page: Tab would start again at the top, and a screen reader would
// not say where the person now is. The focus goes to the new screen's heading instead (the open
// dialog's, else the screen's), made focusable for that only.
const TARGETS = 'dialog[open] h2, main h2, main h1, main';

export function keepFocusInScreen(root: HTMLElement): void {
  let last: Element | null = null;
  root.addEventListener('focusin', (e) => {
    last = e.target as Element;
  });
  new MutationObserver(() => {
    if (!last || last.isConnected || document.activeElement !== document.body) return;
    last = null;
    const target = root.querySelector<HTMLElement>(TARGETS);
    if (!target) return;
    if (!target.hasAttribute('tabindex')) target.tabIndex = -1;
    target.focus();
  }).observe(root, { childList: true, subtree: true });
}
