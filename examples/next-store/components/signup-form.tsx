'use client';

import { usePinterestTrack } from '@pinbridge/next';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { signUp } from '@/app/signup/actions';

export function SignupForm() {
  const track = usePinterestTrack();
  const router = useRouter();
  const [email, setEmail] = useState('');
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    // Signed in first, so the server's getUser supplies the (hashed) email for this event.
    await signUp(email);
    track('signup');
    router.push('/');
  };
  return (
    <form onSubmit={onSubmit}>
      <label>
        Email
        <input
          data-testid="signup-email"
          type="email"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </label>
      <button type="submit" data-testid="signup-submit">
        Sign up
      </button>
    </form>
  );
}
