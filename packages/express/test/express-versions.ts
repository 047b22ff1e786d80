import express5 from 'express';
import express4 from 'express4';

/** The Express majors the adapter supports, each suite run against both: 5 and 4.22 (`express4`). */
export const EXPRESS_VERSIONS = [
  { name: 'Express 5', express: express5 },
  { name: 'Express 4', express: express4 },
] as const;
