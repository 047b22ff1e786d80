import { arrayOf, type Check, integer, object, string } from './checks.js';

// Pinterest takes money as strings and parses them into doubles.
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

function numeric(nullable: boolean): Check {
  const type = string({ nullable });
  return (value, path, report) => {
    if (typeof value !== 'string') return type(value, path, report);
    if (!NUMBER.test(value) || !Number.isFinite(Number(value))) {
      report.rule(path, 'must be a number written as a string, e.g. "129.99"');
    }
  };
}

const nullableString = string({ nullable: true });

// "comma-separated privacy flags" whose only accepted value today is LDP.
const optOutType: Check = (value, path, report) => {
  if (typeof value !== 'string') return nullableString(value, path, report);
  if (value !== 'LDP') report.rule(path, 'must be "LDP", the only value Pinterest accepts');
};

const content = object({
  id: string(),
  item_brand: string(),
  item_category: string(),
  item_name: string(),
  item_price: numeric(false),
  quantity: integer(),
});

/** Pinterest's `custom_data`; unknown keys (such as Datafly's `custom_event_name`) are rejected. */
export const customData: Check = object({
  content_brand: nullableString,
  content_category: nullableString,
  content_ids: arrayOf(string()),
  content_name: nullableString,
  contents: arrayOf(content),
  currency: nullableString,
  external_measurement_id: nullableString,
  external_measurement_vendor_id: integer({ nullable: true }),
  np: nullableString,
  num_items: integer(),
  opt_out_type: optOutType,
  order_id: nullableString,
  predicted_ltv: numeric(true),
  search_string: nullableString,
  value: numeric(true),
});
