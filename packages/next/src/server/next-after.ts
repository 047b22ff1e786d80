import * as nextServer from 'next/server.js';
import type { After } from './schedule.js';

// `after` became stable in Next 15.1. A namespace read instead of a named import keeps Next 13.4
// to 15.0 working, where the export does not exist.
export const nextAfter: After | undefined = (nextServer as { after?: After }).after;
