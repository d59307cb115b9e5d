/** Build step: writes the embedded store's template (see storage/pglite-template.ts). */
import { writeTemplate } from './storage/pglite-template';

writeTemplate().then(
  (file) => console.log(`wrote ${file}`),
  (error: Error) => {
    console.error(`could not write the PGlite template (new stores will run initdb): ${error.message}`);
  },
);
