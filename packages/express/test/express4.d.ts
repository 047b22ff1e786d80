// `express4` is Express 4.22 installed under an alias (see package.json) for the tests; it has
// no types of its own, so it borrows Express 5's: the tests use what both share.
declare module 'express4' {
  import express from 'express';
  export default express;
}
