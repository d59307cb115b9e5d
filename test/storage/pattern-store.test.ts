/**
 * The shared store suite on real PGlite, in memory and persisted in a temp folder.
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
