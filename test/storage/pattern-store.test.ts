/**
 * The shared store suite on real PGlite: in memory, persisted in a temp folder, and writing through the
 * portable path (no COPY) that PostgreSQL servers take, so that path runs without a server too.
 */
import { describe } from 'vitest';
import { openTempStore } from '../helpers/storage';
import { storeSuite } from './store-suite';

describe('PatternStore on PGlite in memory', () => {
  storeSuite(() => openTempStore());
});

describe('PatternStore on PGlite in a folder', () => {
  storeSuite(() => openTempStore({ folder: true }));
});

describe('PatternStore on PGlite through the portable write path', () => {
  storeSuite(() => openTempStore({ copy: false }));
});
