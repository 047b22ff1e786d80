/**
 * Paths name where a value sits (`events[0].props.value`). Keys are input as much as values are:
 * a visitor may post `{"user":{"jane.doe@example.com":"x"}}`. So a path writes out only keys of
 * pinbridge's fixed lists (the wire's fields, the props vocabulary, Pinterest's fields) and names
 * any other key by its position among its object's keys, counted from 1.
 *
 * @example
 * unknownKeyPath('events[0].user', 2); // 'events[0].user[field 3]'
 */
export function unknownKeyPath(parent: string, index: number): string {
  return `${parent}[field ${index + 1}]`;
}

/**
 * `parent.child`, or `parent[…]` when the child starts with a bracket (an index, an unknown key).
 *
 * @example
 * joinPath('user_data', 'em'); // 'user_data.em'
 * joinPath('user_data', '[field 2]'); // 'user_data[field 2]'
 */
export function joinPath(parent: string, child: string): string {
  if (!parent) return child;
  if (!child) return parent;
  return child.startsWith('[') ? `${parent}${child}` : `${parent}.${child}`;
}
