// Build-time settings: Vite replaces import.meta.env.VITE_* when it bundles, so these are fixed
// in dist/ until the next `vite build`. Nothing secret belongs here: the bundle is public.
//   VITE_PINTEREST_TAG_ID   your Pinterest Tag id (none: the tag does not load)
//   VITE_PINTEREST_TAG_SRC  the tag script (default Pinterest's core.js; the emulator's in the demo)
export const tagId = import.meta.env.VITE_PINTEREST_TAG_ID || undefined;
export const tagSrc = import.meta.env.VITE_PINTEREST_TAG_SRC || undefined;
// Where usePinterestTrack() posts the server copies: the path server.js gives pinterest().
export const endpoint = '/api/pin';
