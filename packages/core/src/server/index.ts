// @pinbridge/core/server: filled in by the server-core work.
export {};
