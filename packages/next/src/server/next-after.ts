import type { WaitUntil } from '@pinbridge/core/server';
import * as nextServer from 'next/server.js';

// `after` became stable in Next 15.1. Next 13.4 to 15.0 do not export it, and their webpack
// builds fail on any static read of a missing export, `nextServer.after` included ("Attempted
// import error: 'after' is not exported from 'next/server.js'", Next 14.2): read through
// Reflect.get, the namespace is used as a whole and the lookup happens at run time. It takes a
// promise as a waitUntil does, and throws outside a request scope (scripts, tests), which the
// handler reports and survives by delivering before it answers.
export const nextAfter = Reflect.get(nextServer, 'after') as WaitUntil | undefined;
