// Every screen the e2e journeys visit is checked as it is shown: axe-core runs on it in the light
// and the dark theme (failing on any serious or critical violation, contrast included) and a
// screenshot of each lands in tests/e2e/artifacts/. axe reaches the page through the test driver's
// own evaluation (DevTools protocol in Chromium, WebDriver BiDi in Firefox), which the pages' CSP
// (script-src 'self') does not govern: nothing of it is ever in a build.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ImpactValue } from 'axe-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SCHEMES = ['light', 'dark'] as const;
export type ColorScheme = (typeof SCHEMES)[number];

/** What checking a screen needs of a page, in either browser. */
export interface AuditablePage {
  /** Evaluates `source` in the page the way the driver does (outside the page's CSP); resolves its value. */
  evaluateSource(source: string): Promise<unknown>;
  colorScheme(scheme: ColorScheme): Promise<void>;
  screenshotAs(name: string): Promise<void>;
}

interface Found {
  id: string;
  impact: ImpactValue;
  help: string;
  nodes: string[];
}

/** Once per document: axe's source, then a run whose serious and critical violations come back. */
const RUN = `(async () => {
  if (!globalThis.axe) { ${AXE_SOURCE}\n }
  // A screen still fading in would be measured half transparent: wait for its animations to end.
  await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {})));
  const results = await globalThis.axe.run(document, { resultTypes: ['violations'] });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' ')) }));
})()`;

/** The screen as it is now: axe in both themes and a screenshot of each (`name`-light, `name`-dark). */
export async function auditScreen(page: AuditablePage, name: string): Promise<void> {
  const failures: string[] = [];
  try {
    for (const scheme of SCHEMES) {
      await page.colorScheme(scheme);
      await page.screenshotAs(`${name}-${scheme}`);
      for (const v of (await page.evaluateSource(RUN)) as Found[])
        failures.push(`${scheme}: ${v.impact} ${v.id} (${v.help})\n    ${v.nodes.join('\n    ')}`);
    }
  } finally {
    await page.colorScheme('light');
  }
  if (failures.length) throw new Error(`axe-core on "${name}":\n  ${failures.join('\n  ')}`);
}
