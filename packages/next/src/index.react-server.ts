// What a server component may import from `@pinbridge/next` (the `react-server` condition):
// PinterestTag arrives as a client reference (its module starts with 'use client'); the hook and
// setPinterestConsent only work in the browser, so they are not offered here.

export { eventIdFor } from '@pinbridge/core/wire';
export { PinterestTag, type PinterestTagProps } from './tag/pinterest-tag.js';
