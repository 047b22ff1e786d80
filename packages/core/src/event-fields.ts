import { PinbridgeError } from './error.js';
import type { EventFields, Logger } from './types.js';

type Kind = 'string' | 'integer' | 'boolean' | 'object' | 'strings' | readonly string[];

// Built by buildEvent itself; every other key must be listed below or it is left out.
const BUILT_KEYS = new Set([
  'event_name',
  'action_source',
  'event_time',
  'event_id',
  'user_data',
  'custom_data',
  'event_source_url',
  'partner_name',
]);

const EVENT_KEYS: Record<string, Kind> = {
  opt_out: 'boolean',
  language: 'string',
  app_id: 'string',
  app_name: 'string',
  app_version: 'string',
  device_brand: 'string',
  device_carrier: 'string',
  device_model: 'string',
  device_type: 'string',
  os_version: 'string',
  wifi: 'boolean',
  app_info: 'object',
  device_info: 'object',
};

const APP_INFO_KEYS: Record<string, Kind> = {
  ...Object.fromEntries(
    ['app_id', 'app_name', 'app_package_name', 'app_store', 'app_version', 'user_agent'].map(
      (key) => [key, 'string'],
    ),
  ),
  install_time: 'integer',
  window_height: 'integer',
  window_width: 'integer',
};

const DEVICE_INFO_KEYS: Record<string, Kind> = {
  ...Object.fromEntries(
    [
      'brand',
      'carrier',
      'kernel_version',
      'locale',
      'model',
      'os_name',
      'os_release_name',
      'os_version',
      'timezone',
      'timezone_abbr',
      'type',
    ].map((key) => [key, 'string']),
  ),
  ...Object.fromEntries(
    [
      'battery_level',
      'cpu_cores',
      'external_storage_free_space',
      'external_storage_size',
      'screen_density',
      'screen_height',
      'screen_width',
      'storage_free_space',
      'storage_size',
    ].map((key) => [key, 'integer']),
  ),
  languages: 'strings',
  form_factor: [
    'desktop',
    'laptop',
    'cellphone',
    'tablet',
    'smartwatch',
    'tv',
    'vr',
    'console',
    'other',
  ],
  network_type: [
    'wifi',
    'cellular_2g',
    'cellular_3g',
    'cellular_4g',
    'cellular_5g',
    'cellular_6g',
    'ethernet',
    'unknown',
  ],
  os_family: ['ios', 'android', 'macos', 'windows', 'linux', 'bsd', 'other'],
};

/** The optional event fields of `input` that Pinterest's schema allows, type-checked. */
export function copyEventFields(input: object, debug?: Logger): EventFields {
  const fields = pick(input, EVENT_KEYS, '', debug, BUILT_KEYS);
  if (fields.app_info)
    fields.app_info = pick(fields.app_info as object, APP_INFO_KEYS, 'app_info', debug);
  if (fields.device_info) {
    fields.device_info = pick(fields.device_info as object, DEVICE_INFO_KEYS, 'device_info', debug);
  }
  return fields as EventFields;
}

function pick(
  source: object,
  kinds: Record<string, Kind>,
  path: string,
  debug?: Logger,
  skip?: Set<string>,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (skip?.has(key) || value === undefined || value === null) continue;
    const at = path ? `${path}.${key}` : key;
    const kind = Object.hasOwn(kinds, key) ? kinds[key] : undefined;
    if (!kind) debug?.('event key left out', { key: at });
    else if (!matches(value, kind)) throw new PinbridgeError(`must be ${describe(kind)}`, at);
    else result[key] = value;
  }
  return result;
}

function matches(value: unknown, kind: Kind): boolean {
  if (Array.isArray(kind)) return kind.includes(value as string);
  if (kind === 'integer') return Number.isSafeInteger(value) && (value as number) >= 0;
  if (kind === 'strings') return Array.isArray(value) && value.every((v) => typeof v === 'string');
  if (kind === 'object') return typeof value === 'object' && !Array.isArray(value);
  return typeof value === kind;
}

function describe(kind: Kind): string {
  if (Array.isArray(kind)) return `one of ${kind.join(', ')}`;
  return kind === 'strings'
    ? 'an array of strings'
    : `a ${kind === 'integer' ? 'non-negative integer' : kind}`;
}
