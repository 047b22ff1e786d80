import { MILLISECONDS_THRESHOLD } from '../event-time.js';
import type { ActionSource } from '../types.js';
import { EVENT_NAMES, isEventName } from '../wire/events.js';
import { appInfo, deviceInfo } from './app-device.js';
import { boolean, type Check, object, string } from './checks.js';
import { customData } from './custom-data.js';
import { userData } from './user-data.js';

// Pinterest rejects future times; a little slack keeps a sender's slightly fast clock valid.
const CLOCK_SKEW_SECONDS = 60;

const ACTION_SOURCES: readonly ActionSource[] = ['web', 'app_android', 'app_ios', 'offline'];

const text = string();
const nullableString = string({ nullable: true });

// The schema lists the names and sources only in prose, so an unlisted one fails the event
// rather than the request.
const eventName: Check = (value, path, report) => {
  if (typeof value !== 'string') return text(value, path, report);
  if (!isEventName(value)) {
    report.rule(path, `must be one of: ${EVENT_NAMES.join(', ')}`);
  }
};

const actionSource: Check = (value, path, report) => {
  if (typeof value !== 'string') return text(value, path, report);
  if (!(ACTION_SOURCES as readonly string[]).includes(value)) {
    report.rule(path, `must be one of: ${ACTION_SOURCES.join(', ')}`);
  }
};

const eventTime: Check = (value, path, report) => {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return report.schema(path, 'must be an integer (Unix seconds)');
  }
  if (value >= MILLISECONDS_THRESHOLD) {
    report.rule(path, 'looks like Unix milliseconds; Pinterest wants Unix seconds');
  } else if (value > report.nowSeconds + CLOCK_SKEW_SECONDS) {
    report.rule(path, `is ${value - report.nowSeconds} s in the future`);
  }
};

const eventId: Check = (value, path, report) => {
  if (typeof value !== 'string') return text(value, path, report);
  // The id is what pairs the event with its Tag copy; an empty one deduplicates nothing.
  if (value.trim() === '') report.rule(path, 'must not be empty');
};

/** The optional fields of an event other than user_data and custom_data, with their checks. */
export const OPTIONAL_EVENT_FIELDS: Readonly<Record<string, Check>> = {
  app_info: appInfo,
  device_info: deviceInfo,
  event_source_url: nullableString,
  partner_name: nullableString,
  language: nullableString,
  app_id: nullableString,
  app_name: nullableString,
  app_version: nullableString,
  device_brand: nullableString,
  device_carrier: nullableString,
  device_model: nullableString,
  device_type: nullableString,
  os_version: nullableString,
  opt_out: boolean,
  wifi: boolean,
};

/** One conversion event; the schema allows no keys besides these. */
export const event: Check = object(
  {
    event_name: eventName,
    action_source: actionSource,
    event_time: eventTime,
    event_id: eventId,
    user_data: userData,
    custom_data: customData,
    ...OPTIONAL_EVENT_FIELDS,
  },
  { required: ['event_name', 'action_source', 'event_time', 'user_data', 'event_id'] },
);
