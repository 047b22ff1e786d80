// `@pinbridge/next/pages`: the Pages Router endpoint.
export { createPinterestApiRoute, type PinterestApiRouteOptions } from './pages/api-route.js';
export type { PinterestPipelineOptions } from './server/pipeline.js';
export type { PinterestUser } from './server/user.js';
