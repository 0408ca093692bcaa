// Cloud API (Graph) request and response shapes, as Meta sends them. Shared by the client and the sandbox.
// Source: docs/meta-rules.md#sending and Meta's OpenAPI description (business-messaging-api_v23.0).

export type GraphTextBody = { body: string; preview_url?: boolean };

export type GraphMediaObject = { id?: string; link?: string; caption?: string; filename?: string };

export type GraphTemplateParameter =
  | { type: 'text'; text: string; parameter_name?: string }
  | {
      type: 'currency';
      currency: { fallback_value: string; code: string; amount_1000: number };
      parameter_name?: string;
    }
  | { type: 'date_time'; date_time: { fallback_value: string }; parameter_name?: string }
  | { type: 'image'; image: GraphMediaObject }
  | { type: 'video'; video: GraphMediaObject }
  | { type: 'document'; document: GraphMediaObject }
  | { type: 'location'; location: { latitude: number; longitude: number; name?: string; address?: string } }
  | { type: 'payload'; payload: string }
  | { type: 'coupon_code'; coupon_code: string };

export type GraphTemplateComponentParams = {
  type: 'header' | 'body' | 'button';
  sub_type?: string;
  index?: string;
  parameters?: GraphTemplateParameter[];
};

export type GraphTemplateSend = {
  name: string;
  language: { code: string; policy?: 'deterministic' };
  components?: GraphTemplateComponentParams[];
};

export type GraphInteractive = {
  type: 'button' | 'list' | 'cta_url' | 'flow' | 'product' | 'product_list' | 'location_request_message';
  header?: { type: 'text' | 'image' | 'video' | 'document'; text?: string; [k: string]: unknown };
  body?: { text: string };
  footer?: { text: string };
  action: {
    buttons?: { type: 'reply'; reply: { id: string; title: string } }[];
    button?: string;
    sections?: { title?: string; rows: { id: string; title: string; description?: string }[] }[];
    [k: string]: unknown;
  };
};

export type GraphMessageType =
  | 'text'
  | 'template'
  | 'interactive'
  | 'image'
  | 'video'
  | 'audio'
  | 'document'
  | 'sticker'
  | 'location'
  | 'contacts'
  | 'reaction';

/** The body of `POST /{phone-number-id}/messages` for a send. */
export type GraphSendMessageRequest = {
  messaging_product: 'whatsapp';
  recipient_type?: 'individual' | 'group';
  to: string;
  type: GraphMessageType;
  context?: { message_id: string };
  biz_opaque_callback_data?: string;
  text?: GraphTextBody;
  template?: GraphTemplateSend;
  interactive?: GraphInteractive;
  image?: GraphMediaObject;
  video?: GraphMediaObject;
  audio?: GraphMediaObject;
  document?: GraphMediaObject;
  sticker?: GraphMediaObject;
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  contacts?: unknown[];
  reaction?: { message_id: string; emoji: string };
};

/** The body of `POST /{phone-number-id}/messages` that marks a message read (optionally with typing). */
export type GraphMarkReadRequest = {
  messaging_product: 'whatsapp';
  status: 'read';
  message_id: string;
  typing_indicator?: { type: 'text' };
};

export type GraphMessageStatus = 'accepted' | 'held_for_quality_assessment' | 'paused';

export type GraphSendMessageResponse = {
  messaging_product: 'whatsapp';
  contacts: { input: string; wa_id: string }[];
  messages: { id: string; message_status?: GraphMessageStatus }[];
};

export type GraphSuccessResponse = { success: true };

/** Meta's synchronous error body (meta-rules.md#graph-errors). */
export type GraphErrorBody = {
  error: {
    message: string;
    type: string;
    code: number;
    error_subcode?: number;
    error_data?: { messaging_product?: 'whatsapp'; details: string };
    error_user_title?: string;
    error_user_msg?: string;
    is_transient?: boolean;
    fbtrace_id: string;
  };
};

export type TemplateCategory = 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
export type TemplateStatus =
  | 'APPROVED'
  | 'PENDING'
  | 'REJECTED'
  | 'PAUSED'
  | 'DISABLED'
  | 'IN_APPEAL'
  | 'FLAGGED'
  | 'REINSTATED'
  | 'PENDING_DELETION'
  | 'DELETED'
  | 'ARCHIVED'
  | 'LIMIT_EXCEEDED'
  | 'LOCKED';
export type QualityScore = 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';

/** A template component as created and listed through `/{waba-id}/message_templates`. */
export type GraphTemplateComponent = {
  type: 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS';
  format?: 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT' | 'LOCATION';
  text?: string;
  example?: {
    header_text?: string[];
    header_handle?: string[];
    body_text?: string[][];
    header_text_named_params?: { param_name: string; example: string }[];
    body_text_named_params?: { param_name: string; example: string }[];
  };
  buttons?: {
    type: 'QUICK_REPLY' | 'URL' | 'PHONE_NUMBER' | 'COPY_CODE' | 'OTP' | 'FLOW' | 'CATALOG' | 'MPM';
    text?: string;
    url?: string;
    phone_number?: string;
    example?: string[] | string;
    otp_type?: string;
  }[];
};

export type GraphTemplateCreateRequest = {
  name: string;
  language: string;
  category: TemplateCategory;
  parameter_format?: 'positional' | 'named';
  components: GraphTemplateComponent[];
};

export type GraphTemplateCreateResponse = { id: string; status: TemplateStatus; category: TemplateCategory };

export type GraphTemplate = {
  id: string;
  name: string;
  language: string;
  status: TemplateStatus;
  category: TemplateCategory;
  parameter_format?: 'POSITIONAL' | 'NAMED';
  components: GraphTemplateComponent[];
  quality_score?: { score: QualityScore; date?: number };
  rejected_reason?: string;
  /** Present when Meta approved or re-categorised it in another category than requested (meta-rules.md#template-categories). */
  previous_category?: TemplateCategory;
};

export type GraphPaging = { cursors: { before: string; after: string }; next?: string; previous?: string };
export type GraphList<T> = { data: T[]; paging?: GraphPaging };

export type GraphPhoneNumber = {
  id: string;
  display_phone_number: string;
  verified_name: string;
  quality_rating: 'GREEN' | 'YELLOW' | 'RED' | 'NA';
  code_verification_status?: string;
  platform_type?: string;
  throughput?: { level: 'STANDARD' | 'HIGH' | 'NOT_APPLICABLE' };
  whatsapp_business_manager_messaging_limit?: string;
  status?: string;
  name_status?: string;
};
