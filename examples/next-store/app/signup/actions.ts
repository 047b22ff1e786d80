'use server';

import { cookies } from 'next/headers';
import { SESSION_COOKIE } from '@/lib/session';

export async function signUp(email: string) {
  (await cookies()).set(SESSION_COOKIE, email, { httpOnly: true, sameSite: 'lax', path: '/' });
}
