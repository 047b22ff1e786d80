// `@pinbridge/core/node`: the bridge between node:http and the Web-standard handler.
export {
  documentRequestOf,
  type NodeHandlerOptions,
  pinRequestOf,
  requestHeadOf,
  toNodeHandler,
} from './to-node-handler.js';
