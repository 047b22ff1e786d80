export type { PinterestErrorHandler } from './config.js';
export { setPinterestConsent } from './consent.js';
export { PinterestTag, type PinterestTagProps } from './pinterest-tag.js';
export type { TagEventData, TagLineItem, TrackFunction, TrackOptions } from './track.js';
export { usePinterestTrack } from './use-pinterest-track.js';
