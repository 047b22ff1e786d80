// Pinterest's error bodies for POST /v5/ad_accounts/{id}/events, word for word from its API
// description (5.23.0) and, for 422, from a body observed in the wild (../shared research §3).

export interface PinterestError {
  code: number;
  message: string;
}

export const INVALID_REQUEST: PinterestError = { code: 4196, message: 'The request was invalid.' };

export const AUTHENTICATION_FAILED: PinterestError = {
  code: 2,
  message: 'Authentication failed.',
};

export const NOT_PERMITTED: PinterestError = {
  code: 29,
  message: 'You are not permitted to access that resource.',
};

export const RATE_LIMITED: PinterestError = {
  code: 8,
  message:
    'This request exceeded a rate limit. This can happen if the client exceeds one\nof the published rate limits within a short time window.',
};

export const RAMPED_DOWN: PinterestError = {
  code: 4197,
  message: 'The endpoint has been ramped down and is currently not accepting any traffic.',
};

// Pinterest documents no 500 body; this stands for any unexpected server error.
export const INTERNAL_ERROR: PinterestError = { code: 1, message: 'Internal server error.' };

export const EVENTS_NOT_PROCESSED = {
  code: 953,
  message:
    'The action could not be processed properly due to some or all data provided being invalid.',
} as const;

/** The per-event entry of a 200 body, or of a 422's details. */
export interface EventOutcome {
  status: 'processed' | 'failed';
  error_message: string;
  warning_message: string;
}

export interface ConversionApiResponse {
  num_events_received: number;
  num_events_processed: number;
  events: EventOutcome[];
}

/** The wording Pinterest uses for a timestamp it refuses. */
export function timestampMessage(where: 'past' | 'future', nowSeconds: number, given: number) {
  return `Invalid event_timestamp parameter. Given timestamp is in the ${where}. Current timestamp: ${nowSeconds}, Given event_timestamp: ${given}`;
}
