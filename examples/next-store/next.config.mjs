import { withPinterest } from '@pinbridge/next/config';

export default withPinterest({ reactStrictMode: true });
