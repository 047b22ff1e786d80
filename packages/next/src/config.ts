// `@pinbridge/next/config`: loaded by next.config (ESM or CommonJS), never by the app itself.
export {
  type ConfigFunction,
  type NextConfigFunction,
  type WithPinterestOptions,
  withPinterest,
} from './config/with-pinterest.js';
