'use client';

export { eventIdFor } from '@pinbridge/core/wire';
export {
  setPinterestConsent,
  type TagEventData,
  type TagLineItem,
  type TrackFunction,
  type TrackOptions,
  usePinterestTrack,
} from '@pinbridge/react';
// The browser entry: the tag component and hook (client components), plus eventIdFor, which
// runs anywhere. Server components resolve `@pinbridge/next` to index.react-server.ts instead.
export { PinterestTag, type PinterestTagProps } from './tag/pinterest-tag.js';
