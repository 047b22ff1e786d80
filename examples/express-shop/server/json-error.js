/**
 * Answers `status` with `{ error: { code, message, path } }`, the shape of pinbridge's own
 * refusals: `path` names the offending value (empty for the request as a whole), and `message`
 * never repeats what was sent.
 */
export function sendError(res, status, code, message, path = '') {
  res.status(status).json({ error: { code, message, path } });
}
