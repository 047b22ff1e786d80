import { arrayOf, type Check, integer, object, oneOf, string } from './checks.js';

const text = (maxLength: number) => string({ maxLength });
const pixels = integer({ min: 0, max: 30_720 });
const gigabytes = integer({ min: 0, max: 1_048_576 });

/** The event's `app_info` (API 5.16.0+). */
export const appInfo: Check = object({
  app_id: text(200),
  app_name: text(200),
  app_package_name: text(200),
  app_store: text(100),
  app_version: text(100),
  install_time: integer({ min: 0 }),
  user_agent: text(16_384),
  window_height: pixels,
  window_width: pixels,
});

/** The event's `device_info` (API 5.16.0+). */
export const deviceInfo: Check = object({
  battery_level: integer({ min: 0, max: 100 }),
  brand: text(100),
  carrier: text(100),
  cpu_cores: integer({ min: 0, max: 1152 }),
  external_storage_free_space: gigabytes,
  external_storage_size: gigabytes,
  form_factor: oneOf([
    'desktop',
    'laptop',
    'cellphone',
    'tablet',
    'smartwatch',
    'tv',
    'vr',
    'console',
    'other',
  ]),
  kernel_version: text(100),
  languages: arrayOf(string(), { maxItems: 100, noun: 'languages' }),
  locale: text(35),
  model: text(100),
  network_type: oneOf([
    'wifi',
    'cellular_2g',
    'cellular_3g',
    'cellular_4g',
    'cellular_5g',
    'cellular_6g',
    'ethernet',
    'unknown',
  ]),
  os_family: oneOf(['ios', 'android', 'macos', 'windows', 'linux', 'bsd', 'other']),
  os_name: text(100),
  os_release_name: text(100),
  os_version: text(100),
  screen_density: integer({ min: 0, max: 100_000 }),
  screen_height: pixels,
  screen_width: pixels,
  storage_free_space: gigabytes,
  storage_size: gigabytes,
  timezone: text(40),
  timezone_abbr: text(5),
  type: text(100),
});
