// The button that signs and sends a screen's transaction: disabled (its reason as the tooltip)
// while it cannot go ahead, a busy label while it runs, and the failure under it.
import type { ComponentChildren } from 'preact';
import { ErrorText } from '../../ui/components/ErrorText';

export function ExecuteButton({
  action,
  reason,
  blocked = !!reason,
  label,
  busyLabel,
  children,
}: {
  action: { run: () => Promise<void>; busy: boolean; error: string | null };
  /** Why it cannot go ahead yet, shown as the tooltip; null when it can. */
  reason?: string | null;
  /** Disabled without a tooltip (defaults to whether there is a reason). */
  blocked?: boolean;
  label: string;
  busyLabel: string;
  /** Shown between the button and its error. */
  children?: ComponentChildren;
}) {
  return (
    <>
      <button
        class="primary"
        disabled={blocked || action.busy}
        title={reason ?? undefined}
        onClick={() => action.run()}
      >
        {action.busy ? busyLabel : label}
      </button>
      {children}
      <ErrorText error={action.error} />
    </>
  );
}
