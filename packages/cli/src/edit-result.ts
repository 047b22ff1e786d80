/**
 * What an edit of an existing file decided: the new text, nothing to do (pinbridge is already
 * there), or "do it by hand" with the reason (the file then stays byte-identical and init prints
 * the snippet).
 *
 * @example
 * const result: EditResult = { status: 'manual', reason: 'no <body> in the default export' };
 */
export type EditResult =
  | { status: 'edited'; after: string }
  | { status: 'done' }
  | { status: 'manual'; reason: string };

/**
 * Runs `edit`, turning a parse error (or any throw) into `manual`.
 *
 * @example
 * safely(() => editOf(parseSource(code))); // { status: 'manual', reason: 'could not parse it (…)' }
 */
export function safely(edit: () => EditResult): EditResult {
  try {
    return edit();
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { status: 'manual', reason: `could not parse it (${message})` };
  }
}
