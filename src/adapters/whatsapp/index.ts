// Public door of the WhatsApp Cloud API adapter: the Graph client and Meta error classification.
export { createCloudApiClient } from './cloud-api-client.ts';
export type { CloudApiClient, GraphConfig, SendOutcome } from './cloud-api-client.ts';
export type { GraphFailure } from './graph-failure.ts';
export {
  classifyMetaError,
  classifyWebhookError,
  PER_USER_MARKETING_RETRY_AFTER_MS,
} from './meta-error-codes.ts';
export type { MetaErrorClass } from './meta-error-codes.ts';
export { parseRetryAfter } from './retry-after.ts';
