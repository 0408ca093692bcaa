// Table types for Kysely. Times are epoch milliseconds; JSON is stored as text so one schema serves both dialects.
import type { Generated } from 'kysely';

export type BusinessTable = { id: string; name: string; created_at: number; vertical: string | null };
export type ApiKeyTable = {
  id: string;
  business_id: string;
  key_hash: string;
  label: string;
  created_at: number;
  revoked_at: number | null;
  /** Space-separated scopes (0007); '*' for every key made before scopes existed. */
  scopes: Generated<string>;
};
export type WabaTable = { id: string; business_id: string; waba_id: string; created_at: number };
export type PhoneNumberTable = {
  id: string;
  business_id: string;
  waba_id: string;
  phone_number_id: string;
  display_phone_number: string;
  verified_name: string;
  quality_rating: string;
  throughput_mps: number;
  messaging_limit: string | null;
  created_at: number;
  updated_at: number;
};
export type ContactTable = {
  id: string;
  business_id: string;
  wa_id: string;
  profile_name: string | null;
  country: string | null;
  created_at: number;
  updated_at: number;
  last_inbound_at: number | null;
  erased_at: number | null;
};
export type ConsentEventTable = {
  id: string;
  business_id: string;
  wa_id: string;
  category: string;
  action: string;
  channel: string;
  wording: string | null;
  actor: string;
  evidence: string;
  occurred_at: number;
  recorded_at: number;
  /** Position in the business's hash chain (1, 2, ...), and the chain's hashes (0003). */
  seq: number;
  prev_hash: string;
  hash: string;
  /** HMAC-SHA256 of the number with the business's salt: what the chain covers instead of the number. */
  contact_hash: string;
  /** JSON {nonce, fields} of personal evidence; null once erased. The chain covers only personal_digest. */
  personal: string | null;
  personal_digest: string;
  language: string | null;
  business_name: string | null;
  category_set: string;
  pseudonymised_at: number | null;
};
export type ConsentChainHeadTable = { business_id: string; seq: number; hash: string; updated_at: number };
export type ConsentCategoryTable = {
  business_id: string;
  name: string;
  template_category: string;
  description: string | null;
  created_at: number;
};
export type SuppressionTable = {
  business_id: string;
  number_hash: string;
  reason: string;
  created_at: number;
  lifted_at: number | null;
  lifted_by: string | null;
};
export type ConversationTable = {
  id: string;
  business_id: string;
  phone_number_id: string;
  wa_id: string;
  last_inbound_at: number;
  window_expires_at: number;
  created_at: number;
  updated_at: number;
};
export type InboundMessageTable = {
  id: string;
  business_id: string;
  phone_number_id: string;
  wa_id: string;
  wamid: string;
  type: string;
  text: string | null;
  payload: string;
  sent_at: number;
  received_at: number;
};
export type TemplateTable = {
  id: string;
  business_id: string;
  waba_id: string;
  name: string;
  language: string;
  category: string;
  consent_category: string;
  status: string;
  quality: string;
  parameter_format: string;
  components: string;
  meta_template_id: string | null;
  rejected_reason: string | null;
  created_at: number;
  updated_at: number;
  paused_until: number | null;
  pause_count: number;
};
export type TemplateEventTable = {
  id: string;
  business_id: string;
  template_id: string;
  kind: string;
  from_value: string | null;
  to_value: string | null;
  reason: string | null;
  source: string;
  details: string;
  occurred_at: number;
};
export type MessageTable = {
  id: string;
  business_id: string;
  phone_number_id: string;
  to_wa_id: string;
  kind: string;
  category: string | null;
  template_name: string | null;
  template_language: string | null;
  request: string;
  graph_request: string;
  status: string;
  idempotency_key: string | null;
  request_hash: string;
  wamid: string | null;
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  last_error: string | null;
  denial: string | null;
  pricing: string | null;
  created_at: number;
  updated_at: number;
  sent_at: number | null;
  delivered_at: number | null;
  read_at: number | null;
  failed_at: number | null;
  /** The campaign that enqueued it (0011); absent for single sends. */
  campaign_id?: string | null;
};
export type StatusEventTable = {
  id: string;
  business_id: string | null;
  wamid: string;
  status: string;
  occurred_at: number;
  payload: string;
  applied: number;
  received_at: number;
};
export type WebhookEventTable = {
  id: string;
  business_id: string | null;
  field: string;
  dedupe_key: string;
  payload: string;
  status: string;
  attempts: number;
  last_error: string | null;
  lease_until: number | null;
  received_at: number;
  processed_at: number | null;
};
export type SettingTable = { key: string; value: string };
export type UserTable = {
  id: string;
  business_id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  disabled_at: number | null;
  created_at: number;
  updated_at: number;
};
export type TeamTable = { id: string; business_id: string; name: string; created_at: number };
export type TeamMemberTable = { team_id: string; user_id: string; business_id: string; added_at: number };
export type SessionTable = {
  id: string;
  business_id: string;
  user_id: string;
  token_hash: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  user_agent: string | null;
  ip: string | null;
};
export type LoginThrottleTable = {
  email: string;
  failures: number;
  window_started_at: number;
  locked_until: number | null;
};
export type BusinessEventTable = {
  id: string;
  business_id: string;
  type: string;
  subject: string | null;
  data: string;
  occurred_at: number;
};
export type WebhookSubscriptionTable = {
  id: string;
  business_id: string;
  url: string;
  /** JSON array of event types, or ["*"]. */
  types: string;
  description: string | null;
  secret: string;
  active: number;
  created_at: number;
  updated_at: number;
};
export type WebhookDeliveryTable = {
  id: string;
  business_id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  status: string;
  attempts: number;
  next_attempt_at: number | null;
  lease_until: number | null;
  last_attempt_at: number | null;
  last_status_code: number | null;
  last_response: string | null;
  last_error: string | null;
  redelivery_of: string | null;
  created_at: number;
  updated_at: number;
  delivered_at: number | null;
};

export type ThreadTable = {
  id: string;
  business_id: string;
  phone_number_id: string;
  wa_id: string;
  status: string;
  owner: string;
  assignee_agent_id: string | null;
  assignee_team_id: string | null;
  bot_state: string;
  version: number;
  last_message_at: number;
  created_at: number;
  updated_at: number;
  resolved_at: number | null;
};
export type ThreadTagTable = { thread_id: string; business_id: string; tag: string };
export type ThreadNoteTable = {
  id: string;
  business_id: string;
  thread_id: string;
  author: string;
  text: string;
  created_at: number;
};
export type ThreadHistoryTable = {
  id: string;
  business_id: string;
  thread_id: string;
  kind: string;
  reason: string | null;
  actor: string;
  data: string;
  occurred_at: number;
};
export type ThreadOutboundTable = {
  message_id: string;
  business_id: string;
  thread_id: string;
  author: string;
  created_at: number;
};
export type CannedReplyTable = {
  id: string;
  business_id: string;
  shortcut: string;
  title: string;
  text: string;
  created_at: number;
  updated_at: number;
};
export type BotFlowTable = {
  id: string;
  business_id: string;
  version: number;
  name: string;
  format: string;
  source: string;
  definition: string;
  active: number;
  created_at: number;
  activated_at: number | null;
};
export type BotTurnTable = {
  id: string;
  business_id: string;
  thread_id: string;
  wamid: string;
  replies: string;
  handoff: string | null;
  created_at: number;
};

export type CampaignTable = {
  id: string;
  business_id: string;
  name: string;
  status: string;
  phone_number_id: string;
  template_name: string;
  template_language: string;
  parameters: string;
  audience: string;
  thresholds: string;
  budget_cap: number | null;
  start_at: number | null;
  audience_total: number;
  audience_rejected: string;
  cursor: string | null;
  expanded: number;
  expansion_done: number;
  expansion_lease_until: number | null;
  pause_reason: string | null;
  created_at: number;
  updated_at: number;
  started_at: number | null;
  finished_at: number | null;
};
export type CampaignAudienceRowTable = { campaign_id: string; line: number; wa_id: string; fields: string };
export type ContactTagTable = { business_id: string; wa_id: string; tag: string; created_at: number };
export type PhoneQualityTable = {
  phone_number_id: string;
  business_id: string;
  quality_rating: string;
  status: string | null;
  messaging_limit: string | null;
  source: string;
  checked_at: number;
  changed_at: number;
};

export type RateCardTable = {
  id: string;
  business_id: string;
  name: string;
  currency: string;
  effective_from: number;
  effective_to: number | null;
  rates: string;
  created_at: number;
};
export type CostLedgerTable = {
  id: string;
  business_id: string;
  message_id: string;
  campaign_id: string | null;
  wamid: string;
  country: string;
  market: string;
  category: string;
  billed_as: string;
  pricing_type: string;
  pricing_model: string;
  billable: number;
  month: string;
  tier_from: number | null;
  currency: string;
  amount_micros: number;
  rate_card_id: string | null;
  sent_at: number;
  charged_at: number;
  recorded_at: number;
};

export type BusinessLimitTable = {
  business_id: string;
  tier: string;
  tier_source: string;
  tier_updated_at: number;
  frequency_max: number | null;
  frequency_days: number | null;
  quiet_hours: string | null;
  updated_at: number;
};
export type LimitReservationTable = {
  business_id: string;
  wa_id: string;
  reserved_at: number;
  state: string;
  message_id: string;
};
export type PacingNumberTable = { phone_number_id: string; next_slot_us: number };
export type PairBucketTable = {
  phone_number_id: string;
  wa_id: string;
  tokens: number;
  refilled_at: number;
  blocked_until: number | null;
};
export type MarketingCooldownTable = {
  business_id: string;
  wa_id: string;
  until: number;
  reason: string;
  created_at: number;
};

export type Database = {
  businesses: BusinessTable;
  api_keys: ApiKeyTable;
  wabas: WabaTable;
  phone_numbers: PhoneNumberTable;
  contacts: ContactTable;
  consent_events: ConsentEventTable;
  consent_chain_heads: ConsentChainHeadTable;
  consent_categories: ConsentCategoryTable;
  suppressions: SuppressionTable;
  conversations: ConversationTable;
  inbound_messages: InboundMessageTable;
  templates: TemplateTable;
  template_events: TemplateEventTable;
  messages: MessageTable;
  status_events: StatusEventTable;
  webhook_events: WebhookEventTable;
  settings: SettingTable;
  business_events: BusinessEventTable;
  business_limits: BusinessLimitTable;
  limit_reservations: LimitReservationTable;
  pacing_numbers: PacingNumberTable;
  pair_buckets: PairBucketTable;
  marketing_cooldowns: MarketingCooldownTable;
  rate_cards: RateCardTable;
  cost_ledger: CostLedgerTable;
  webhook_subscriptions: WebhookSubscriptionTable;
  webhook_deliveries: WebhookDeliveryTable;
  campaigns: CampaignTable;
  campaign_audience_rows: CampaignAudienceRowTable;
  contact_tags: ContactTagTable;
  phone_quality: PhoneQualityTable;
  users: UserTable;
  teams: TeamTable;
  team_members: TeamMemberTable;
  sessions: SessionTable;
  login_throttle: LoginThrottleTable;
  threads: ThreadTable;
  thread_tags: ThreadTagTable;
  thread_notes: ThreadNoteTable;
  thread_history: ThreadHistoryTable;
  thread_outbound: ThreadOutboundTable;
  canned_replies: CannedReplyTable;
  bot_flows: BotFlowTable;
  bot_turns: BotTurnTable;
};

// Generated is re-exported for migrations that add auto columns later.
export type { Generated };
