// Helpers of the core handler's tests: plain Web Requests, no framework.
export { BROWSER_UA, wireEvent } from '../../../test/contract/contract.js';
export {
  type FakeClient,
  fakeClient,
  fakeWaitUntil,
  sha256,
} from '../../../test/contract/fake-client.js';
export { deferred, expectError, postPin } from '../../../test/contract/requests.js';
