/** A problem with the caller's input or configuration, with the path of the offending value. */
export class PinbridgeError extends Error {
  override name = 'PinbridgeError';

  constructor(
    message: string,
    readonly path = '',
    readonly code = 'invalid_input',
  ) {
    super(path ? `${path}: ${message}` : message);
  }
}
