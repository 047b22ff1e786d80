import type { WaitUntil } from '@pinbridge/core/server';
import * as nextServer from 'next/server.js';

// `after` became stable in Next 15.1. A namespace read instead of a named import keeps Next 13.4
// to 15.0 working, where the export does not exist. It takes a promise as a waitUntil does, and
// throws outside a request scope (scripts, tests), which the handler reports and survives by
// delivering before it answers.
export const nextAfter: WaitUntil | undefined = (nextServer as { after?: WaitUntil }).after;
