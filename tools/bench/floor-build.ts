// The bench's own copy of the build, with one extra page: a bare extension page (static HTML, no
// script, no stylesheet) whose first paint is the floor the popup's paint is measured against.
// The page exists only in this temporary copy; dist/ and the shipped extension never have it.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FLOOR_PAGE = 'bench-floor.html';
/** The element the bench's paint detection waits for, as it waits for the popup's total. */
export const FLOOR_TEST_ID = 'floor';
export const FLOOR_TEXT = 'SOL';

const PAGE =
  '<!doctype html><html><head><meta charset="utf-8"><title>Tidepool bench floor</title></head>' +
  `<body><p data-testid="${FLOOR_TEST_ID}">0 ${FLOOR_TEXT}</p></body></html>`;

interface FloorBuild {
  dist: string;
  remove(): void;
}

export function floorBuild(dist: string): FloorBuild {
  const dir = mkdtempSync(join(tmpdir(), 'tidepool-bench-dist-'));
  cpSync(dist, dir, { recursive: true });
  writeFileSync(join(dir, FLOOR_PAGE), PAGE);
  return { dist: dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
