// @pinbridge/core/node: filled in by the node bridge work.
export {};
