import { PinterestTag } from '@pinbridge/next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { ConsentBanner } from '@/components/consent-banner';
import './globals.css';

export const metadata = {
  title: 'pinbridge store',
  description: 'A demo shop tracked by pinbridge',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header>
          <Link href="/" className="brand">
            pinbridge store
          </Link>
          <nav>
            <Link href="/search">Search</Link>
            <Link href="/signup">Sign up</Link>
            <Link href="/checkout">Cart</Link>
          </nav>
        </header>
        <main>{children}</main>
        <ConsentBanner />
        <PinterestTag requireConsent />
      </body>
    </html>
  );
}
