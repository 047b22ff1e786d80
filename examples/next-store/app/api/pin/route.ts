import { createPinterestHandler } from '@pinbridge/next/server';
import { getUser } from '@/lib/session';

export const { POST } = createPinterestHandler({ getUser, requireConsent: true });
