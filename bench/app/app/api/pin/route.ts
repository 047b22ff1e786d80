import { createPinterestHandler } from '@pinbridge/next/server';

// The example store's handler (consent required). The per-IP limit is off because every request
// of the load generator comes from 127.0.0.1; a real deployment keeps it.
export const { POST } = createPinterestHandler({ requireConsent: true, rateLimit: false });
