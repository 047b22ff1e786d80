import type { WireUserField } from './wire/event.js';

/** The event names of Pinterest's API description (5.23.0). */
export type EventName =
  | 'add_payment_info'
  | 'add_to_cart'
  | 'add_to_wishlist'
  | 'app_install'
  | 'checkout'
  | 'custom'
  | 'initiate_checkout'
  | 'lead'
  | 'page_visit'
  | 'search'
  | 'signup'
  | 'subscribe'
  | 'view_category'
  | 'view_content'
  | 'watch_video';

export type ActionSource = 'web' | 'app_android' | 'app_ios' | 'offline';

/** The twelve user_data fields that Pinterest wants SHA-256 hashed: a browser's, and mobile ad ids. */
export type HashedField = WireUserField | 'hashed_maids';

export type UserDataValue = string | number | Date | null | undefined;

/** Identifiers as the site has them: raw (normalized and hashed here) or already 64-hex digests. */
export type UserDataInput = Partial<
  Record<HashedField, UserDataValue | readonly UserDataValue[]>
> & {
  client_ip_address?: string | null;
  client_user_agent?: string | null;
  click_id?: string | null;
  partner_id?: string | null;
};

/** Normalized, not yet hashed. */
export type NormalizedUserData = Partial<Record<HashedField, string[]>> & PlainUserData;

/** The user_data fields sent in clear text: never hashed. */
export interface PlainUserData {
  client_ip_address?: string;
  client_user_agent?: string;
  click_id?: string;
  partner_id?: string;
}

/** Pinterest's `user_data`: hashed fields as arrays of lowercase 64-hex digests. */
export type UserData = Partial<Record<HashedField, string[]>> & PlainUserData;

export interface ContentInput {
  id: string | number;
  item_price?: string | number;
  quantity?: number;
  item_name?: string;
  item_category?: string;
  item_brand?: string;
}

export interface CustomDataInput {
  currency?: string | null;
  value?: string | number | null;
  content_ids?: readonly (string | number)[];
  contents?: readonly ContentInput[];
  num_items?: number;
  order_id?: string | number | null;
  search_string?: string | null;
  content_name?: string | null;
  content_category?: string | null;
  content_brand?: string | null;
  opt_out_type?: 'LDP' | null;
  predicted_ltv?: string | number | null;
}

export interface Content {
  id: string;
  item_price?: string;
  quantity?: number;
  item_name?: string;
  item_category?: string;
  item_brand?: string;
}

export interface CustomData {
  currency?: string;
  value?: string;
  content_ids?: string[];
  contents?: Content[];
  num_items?: number;
  order_id?: string;
  search_string?: string;
  content_name?: string;
  content_category?: string;
  content_brand?: string;
  opt_out_type?: 'LDP';
  predicted_ltv?: string;
}

export interface AppInfo {
  app_id?: string;
  app_name?: string;
  app_package_name?: string;
  app_store?: string;
  app_version?: string;
  install_time?: number;
  user_agent?: string;
  window_height?: number;
  window_width?: number;
}

export type DeviceInfo = Record<string, string | number | readonly string[]>;

/** Fields an event may carry besides user_data and custom_data (the schema allows no others). */
export interface EventFields {
  event_source_url?: string | null;
  opt_out?: boolean;
  partner_name?: string | null;
  language?: string | null;
  app_id?: string | null;
  app_name?: string | null;
  app_version?: string | null;
  device_brand?: string | null;
  device_carrier?: string | null;
  device_model?: string | null;
  device_type?: string | null;
  os_version?: string | null;
  wifi?: boolean;
  app_info?: AppInfo;
  device_info?: DeviceInfo;
}

export interface EventInput extends EventFields {
  event_name: EventName;
  action_source?: ActionSource;
  /** Unix seconds, Unix milliseconds, an ISO string or a Date. Defaults to now. */
  event_time?: number | string | Date;
  /** The deduplication key shared with the Pinterest Tag. Minted when absent. */
  event_id?: string;
  user_data?: UserDataInput;
  custom_data?: CustomDataInput;
}

/** One event exactly as Pinterest's schema describes it. */
export interface PinterestEvent extends EventFields {
  event_name: EventName;
  action_source: ActionSource;
  event_time: number;
  event_id: string;
  user_data: UserData;
  custom_data?: CustomData;
}

/** What the request that carried an event knows about its visitor. */
export interface EventContext {
  client_ip_address?: string | null;
  client_user_agent?: string | null;
  click_id?: string | null;
  event_source_url?: string | null;
}

/** A value or key left out of an event: where and why, never the value itself (it may be PII). */
export interface DroppedValue {
  /** The user_data field (`ph`), or a path such as `user_data.ph` or `custom_data.category_name`. */
  field: string;
  reason: string;
}

export interface HashOptions {
  /** Fields the caller has already hashed: their values must be 64-hex SHA-256 digests; anything else is dropped. */
  doNotHash?: readonly HashedField[];
  /** Told about each value and key left out, by field and reason. */
  onDrop?: (dropped: DroppedValue) => void;
}
