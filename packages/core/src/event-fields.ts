import { PinbridgeError } from './error.js';
import { unknownKeyPath } from './key-path.js';
import type { EventFields, HashOptions } from './types.js';
import { OPTIONAL_EVENT_FIELDS } from './validate/event.js';
import { Report } from './validate/report.js';

// Built by buildEvent itself from the input and the request context.
const BUILT_KEYS = new Set([
  'event_name',
  'action_source',
  'event_time',
  'event_id',
  'user_data',
  'custom_data',
]);

/**
 * The optional event fields of `input` that Pinterest's schema allows, checked by the same rules
 * as validateEvents. Other keys are left out and told to `onDrop` by position (see
 * `unknownKeyPath`): one unknown key makes Pinterest reject the whole request.
 */
export function copyEventFields(input: object, onDrop?: HashOptions['onDrop']): EventFields {
  const fields: Record<string, unknown> = {};
  const keys = Object.keys(input);
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index];
    const value = (input as Record<string, unknown>)[key];
    if (BUILT_KEYS.has(key) || value === undefined || value === null) continue;
    if (!Object.hasOwn(OPTIONAL_EVENT_FIELDS, key)) {
      onDrop?.({ field: unknownKeyPath('', index), reason: 'not a Conversions API event field' });
      continue;
    }
    const report = new Report(0);
    OPTIONAL_EVENT_FIELDS[key](value, key, report);
    const [issue] = report.errors;
    if (issue) throw new PinbridgeError(issue.message, issue.path);
    fields[key] = value;
  }
  return fields as EventFields;
}
