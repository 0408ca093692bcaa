// Webhook payload shapes as Meta posts them (docs/meta-rules.md#webhooks). Fields we do not model stay in the
// JSON we store: these types describe what we read, not everything that may arrive.

export type WebhookEnvelope = {
  object: 'whatsapp_business_account' | string;
  entry: WebhookEntry[];
};

export type WebhookEntry = {
  id: string;
  time?: number;
  changes: WebhookChange[];
};

export type WebhookChange = { field: string; value: Record<string, unknown> };

export type WebhookMetadata = { display_phone_number: string; phone_number_id: string };

export type WebhookContact = {
  wa_id?: string;
  user_id?: string;
  profile?: { name?: string; username?: string };
};

export type WebhookError = {
  code: number;
  title?: string;
  message?: string;
  error_data?: { details?: string };
  href?: string;
};

export type InboundMessage = {
  from?: string;
  from_user_id?: string;
  id: string;
  timestamp: string;
  type: string;
  context?: { from?: string; id?: string; forwarded?: boolean; frequently_forwarded?: boolean };
  text?: { body: string };
  button?: { payload?: string; text?: string };
  interactive?: {
    type: string;
    button_reply?: { id: string; title: string };
    list_reply?: { id: string; title: string; description?: string };
    [k: string]: unknown;
  };
  referral?: Record<string, unknown>;
  errors?: WebhookError[];
  [k: string]: unknown;
};

export type StatusValue = 'sent' | 'delivered' | 'read' | 'played' | 'failed';

export type PricingObject = {
  billable?: boolean;
  pricing_model: 'CBP' | 'PMP' | string;
  type?: 'regular' | 'free_customer_service' | 'free_entry_point' | string;
  category: string;
};

export type StatusUpdate = {
  id: string;
  status: StatusValue;
  timestamp: string;
  recipient_id?: string;
  recipient_type?: string;
  biz_opaque_callback_data?: string;
  conversation?: { id: string; expiration_timestamp?: string; origin?: { type: string } };
  pricing?: PricingObject;
  errors?: WebhookError[];
  [k: string]: unknown;
};

export type MessagesValue = {
  messaging_product: 'whatsapp';
  metadata: WebhookMetadata;
  contacts?: WebhookContact[];
  messages?: InboundMessage[];
  statuses?: StatusUpdate[];
  errors?: WebhookError[];
};

/** `field: "user_preferences"` value (meta-rules.md#user-preferences): WhatsApp's own marketing stop/resume signal, per phone number. */
export type UserPreferencesValue = {
  messaging_product: 'whatsapp';
  metadata: WebhookMetadata;
  contacts?: WebhookContact[];
  user_preferences: {
    wa_id: string;
    detail: string;
    category: 'marketing_messages' | string;
    value: 'stop' | 'resume' | 'signup' | string;
    timestamp: number;
    signup_id?: string;
  }[];
};

/** `field: "message_template_status_update"` value (meta-rules.md#template-status-webhook). */
export type TemplateStatusUpdateValue = {
  event: string;
  message_template_id: number;
  message_template_name: string;
  message_template_language: string;
  reason: string | null;
  message_template_category?: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION' | string;
  rejection_info?: { reason: string; recommendation: string };
  other_info?: { title: string; description: string };
  disable_info?: { disable_date: string };
};

/** `field: "message_template_quality_update"` value (meta-rules.md#template-quality-webhook). */
export type TemplateQualityUpdateValue = {
  previous_quality_score: 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN' | string;
  new_quality_score: 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN' | string;
  message_template_id: number;
  message_template_name: string;
  message_template_language: string;
};

/**
 * `field: "template_category_update"` value (meta-rules.md#template-category-webhook). A completed change carries `previous_category` and
 * `new_category`; the 24 h notice instead carries `correct_category`, `new_category` (= the current one!) and
 * `category_update_timestamp`.
 */
export type TemplateCategoryUpdateValue = {
  message_template_id: number;
  message_template_name: string;
  message_template_language: string;
  previous_category?: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION' | string;
  new_category: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION' | string;
  correct_category?: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION' | string;
  category_update_timestamp?: number;
};
