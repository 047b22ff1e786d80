import { NextRequest } from 'next/server.js';
import { postPin as webPostPin } from '../../../test/contract/requests.js';

export { BROWSER_UA, wireEvent } from '../../../test/contract/contract.js';
export { expectError } from '../../../test/contract/requests.js';

/** A POST to https://shop.test/api/pin as the browser hook sends it, as the NextRequest Next hands a route. */
export const postPin = (...args: Parameters<typeof webPostPin>): NextRequest =>
  new NextRequest(webPostPin(...args));
