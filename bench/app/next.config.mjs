/** A plain config: the benchmark measures the route handlers, nothing around them. */
export default {};
