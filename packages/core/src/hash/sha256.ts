// The hasher differs by runtime: node:crypto on Node (about ten times faster for short strings),
// Web Crypto everywhere else. package.json "imports" picks one; both give identical digests.
export { sha256Hex } from '#sha256';
