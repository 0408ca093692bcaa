// Composition root: builds adapters, modules, HTTP routes, the sandbox and the worker loops from one Config.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import type { Config } from './config/index.ts';
import { migrate, openDb, type Db, type DbTarget } from './adapters/db/index.ts';
import { registerAuth } from './adapters/http/auth.ts';
import { createHttpServer, type HttpServer } from './adapters/http/server.ts';
import { createCloudApiClient, type CloudApiClient } from './adapters/whatsapp/index.ts';
import { OffsetClock } from './kernel/clock.ts';
import { WorkLoop } from './kernel/loop.ts';
import { createConsentService, createConsentStore } from './modules/consent/index.ts';
import { registerConsentRoutes } from './modules/consent/routes.ts';
import {
  createChannelStore,
  createConsentChannels,
  noSmsGateway,
  type SmsGateway,
} from './modules/consent/channels/index.ts';
import { registerChannelRoutes } from './modules/consent/channels/routes.ts';
import { createContactStore, eraseContact } from './modules/contacts/index.ts';
import { createEventLog, createEventStreams } from './modules/events/index.ts';
import { registerEventRoutes } from './modules/events/routes.ts';
import { createOutboundWebhooks } from './modules/outbound-webhooks/index.ts';
import { registerOutboundWebhookRoutes } from './modules/outbound-webhooks/routes.ts';
import { createConversationStore } from './modules/conversations/index.ts';
import {
  createDispatcher,
  createMessageService,
  createMessageStore,
  type SendGateway,
} from './modules/messages/index.ts';
import { registerMessageRoutes } from './modules/messages/routes.ts';
import { createBots, createFlowStore } from './modules/bots/index.ts';
import { registerBotRoutes } from './modules/bots/routes.ts';
import { createInbox, createInboxStore } from './modules/inbox/index.ts';
import { registerInboxRoutes } from './modules/inbox/routes.ts';
import { createLimitService, createLimitStore } from './modules/limits/index.ts';
import { registerLimitRoutes } from './modules/limits/routes.ts';
import { createCampaignService, createCampaignStore } from './modules/campaigns/index.ts';
import { registerCampaignRoutes } from './modules/campaigns/routes.ts';
import { createQualityGuard } from './modules/quality/index.ts';
import { registerQualityRoutes } from './modules/quality/routes.ts';
import { createPricingService } from './modules/pricing/index.ts';
import { registerPricingRoutes } from './modules/pricing/routes.ts';
import { createPolicyService } from './modules/policy/index.ts';
import {
  createTemplateService,
  createTemplateStore,
  type BusinessVertical,
  type TemplateGateway,
} from './modules/templates/index.ts';
import { registerTemplateRoutes } from './modules/templates/routes.ts';
import { createTenantStore, generateApiKey, type Business } from './modules/tenants/index.ts';
import { registerTenantRoutes } from './modules/tenants/routes.ts';
import { createWebhookService } from './modules/webhooks/index.ts';
import { warmUp as warmUpUnderstanding } from './modules/understanding/index.ts';
import { registerWebhookRoutes } from './modules/webhooks/routes.ts';
import { createAccessService, createUserStore, csrfTokenFor } from './modules/users/index.ts';
import { registerUserRoutes } from './modules/users/routes.ts';
import { createSandbox, type Sandbox } from './sandbox/index.ts';
import { createSandboxSms } from './sandbox/sms.ts';

export type Roles = { api: boolean; worker: boolean };

export type PlatformOptions = {
  config: Config;
  roles?: Roles;
  /** Overrides for tests and benchmarks: a database of their own, a quiet logger. */
  db?: DbTarget;
  logger?: Logger;
  clock?: OffsetClock;
  /** An SMS provider adapter (docs/channels.md); sandbox mode has one built in, cloud mode has none by default. */
  smsGateway?: SmsGateway;
};

type SandboxSettings = {
  accessToken: string;
  appSecret: string;
  wabaId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
};

const digits = (n: number) =>
  Array.from(randomBytes(n), (b) => String(b % 10))
    .join('')
    .replace(/^0/, '1');

async function setting(db: Db, key: string, make: () => string): Promise<string> {
  const row = await db.kysely
    .selectFrom('settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  if (row) return row.value;
  const value = make();
  await db.kysely
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const again = await db.kysely
    .selectFrom('settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  return again.value;
}

/** The sandbox's credentials and ids are made once per data directory so that every process agrees on them. */
async function sandboxSettings(db: Db): Promise<SandboxSettings> {
  const raw = await setting(db, 'sandbox', () =>
    JSON.stringify({
      accessToken: `EAAG${randomBytes(24).toString('base64url')}`,
      appSecret: randomBytes(16).toString('hex'),
      wabaId: `1${digits(14)}`,
      phoneNumberId: `1${digits(14)}`,
      displayPhoneNumber: '15550101234',
    } satisfies SandboxSettings),
  );
  return JSON.parse(raw) as SandboxSettings;
}

export type Platform = Awaited<ReturnType<typeof createPlatform>>;

export async function createPlatform(opts: PlatformOptions) {
  const { config } = opts;
  const roles = opts.roles ?? { api: true, worker: true };
  const logger = opts.logger ?? pino({ level: config.logLevel });
  const clock = opts.clock ?? new OffsetClock();
  const now = () => clock.now();
  // The opt-out and handoff classifiers train from the corpora in the repository (about a second), before the
  // first customer message rather than during it.
  warmUpUnderstanding();
  const db = openDb(
    opts.db ??
      (config.databaseUrl
        ? { kind: 'postgres', url: config.databaseUrl }
        : { kind: 'sqlite', file: path.join(config.dataDir, 'greenlight.db') }),
  );
  await migrate(db);

  // Stores and services.
  const tenants = createTenantStore(db);
  const contacts = createContactStore(db);
  const conversations = createConversationStore(db);
  const consentStore = createConsentStore(db);
  // The business event log; outbound webhook deliveries are written in the same transaction as their events.
  const events = createEventLog(db);
  const pricing = createPricingService({ db });
  const outboundWebhooks = createOutboundWebhooks({ db, events, logger });
  const consent = createConsentService({ store: consentStore, events });
  const templateStore = createTemplateStore(db);
  const messageStore = createMessageStore(db);
  // Messaging limit, pacing and per-contact guards; the Graph client it reads tiers with is made further down.
  const limits = createLimitService({
    store: createLimitStore(db),
    defaultQuietHours: config.quietHours,
    graph: () => graphClient(),
    logger,
  });
  const policy = createPolicyService({
    consent,
    contacts,
    conversations,
    templates: templateStore,
    limits,
  });
  const users = createUserStore(db);
  const access = createAccessService({ store: users, sessionTtlMs: config.sessionTtlMs });

  // The business, its key, its WABA and number.
  let business: Business =
    (await tenants.firstBusiness()) ?? (await tenants.createBusiness(config.businessName, now()));
  // Every business starts with the default consent categories (order_updates, appointment_reminders, offers,
  // account_security); reading them seeds them.
  await consent.categories(business.id);
  let generatedApiKey: string | undefined;
  if (config.apiKey) {
    await tenants.addApiKey(business.id, config.apiKey, 'GREENLIGHT_API_KEY', now());
  } else if (!(await tenants.hasApiKey(business.id))) {
    generatedApiKey = generateApiKey();
    await tenants.addApiKey(business.id, generatedApiKey, 'generated on first start', now());
  }

  const sandboxIds = config.mode === 'sandbox' ? await sandboxSettings(db) : undefined;
  const wabaId = sandboxIds?.wabaId ?? config.cloud!.wabaId;
  const phoneNumberId = sandboxIds?.phoneNumberId ?? config.cloud!.phoneNumberId;
  await tenants.upsertWaba(business.id, wabaId, now());
  const existingPhone = await tenants.phoneNumber(phoneNumberId);
  if (!existingPhone) {
    await tenants.upsertPhoneNumber(
      {
        businessId: business.id,
        wabaId,
        phoneNumberId,
        displayPhoneNumber: sandboxIds?.displayPhoneNumber ?? '',
        verifiedName: business.name,
        qualityRating: 'GREEN',
        throughputMps: config.mode === 'sandbox' ? config.sandbox.throughputMps : 80,
        messagingLimit: 'TIER_250',
      },
      now(),
    );
  }
  const appSecret = sandboxIds?.appSecret ?? config.cloud!.appSecret;
  const verifyToken = config.mode === 'sandbox' ? config.sandbox.verifyToken : config.cloud!.verifyToken;

  // The Cloud API client: the same code for Meta and the sandbox; in sandbox mode its base URL is known at listen.
  let client: CloudApiClient | undefined;
  let baseUrl: string | undefined = config.publicUrl;
  const graphClient = (): CloudApiClient => {
    if (client) return client;
    if (config.mode === 'cloud') {
      client = createCloudApiClient({
        baseUrl: config.cloud!.graphBaseUrl,
        version: config.cloud!.graphVersion,
        accessToken: config.cloud!.accessToken,
      });
    } else {
      const base = baseUrl ?? `http://${config.host}:${config.port}`;
      client = createCloudApiClient({
        baseUrl: `${base}/sandbox/graph`,
        version: config.sandbox.graphVersion,
        accessToken: sandboxIds!.accessToken,
      });
    }
    return client;
  };
  const sendGateway: SendGateway = { sendMessage: (id, body) => graphClient().sendMessage(id, body) };
  const templateGateway: TemplateGateway = {
    createTemplate: (id, body) => graphClient().createTemplate(id, body),
    listAllTemplates: (id, pageSize) => graphClient().listAllTemplates(id, pageSize),
  };

  const templates = createTemplateService({ store: templateStore, gateway: templateGateway });
  const loops: WorkLoop[] = [];
  let dispatchLoop: WorkLoop | undefined;
  let limitsTimer: NodeJS.Timeout | undefined;
  let processLoop: WorkLoop | undefined;
  const messages = createMessageService({
    store: messageStore,
    policy,
    events,
    onQueued: () => dispatchLoop?.wake(),
  });
  // Opt-in channels. The sandbox's SMS provider hands inbound texts to them; they send through it.
  const sandboxSms =
    config.mode === 'sandbox'
      ? createSandboxSms({
          clock,
          number: '+15550109999',
          receive: (sms) => channels.receiveSms(business.id, sms, now()),
        })
      : undefined;
  const channels = createConsentChannels({
    store: createChannelStore(db),
    consent,
    messages,
    sms: opts.smsGateway ?? sandboxSms ?? noSmsGateway,
    businessById: (id) => tenants.getBusiness(id),
    categoriesOf: async (id) => (await consent.categories(id)).map((c) => c.name),
    numberOf: (id) => tenants.defaultPhoneNumber(id),
    businesses: async () =>
      (await Promise.all((await consentStore.businessIds()).map((id) => tenants.getBusiness(id)))).filter(
        (b): b is Business => b !== undefined,
      ),
    publicBaseUrl: () => baseUrl ?? `http://${config.host}:${config.port}`,
    logger,
  });
  // Team inbox and chatbot: every customer message reaches a thread; the bot answers only threads it owns.
  const bots = createBots({ store: createFlowStore(db) });
  const inbox = createInbox({
    store: createInboxStore(db),
    bots,
    publish: (e, t, trx) => events.publish(e, t, trx),
    messages,
    conversations,
    contacts,
    templates: templateStore,
    consent,
    directory: {
      agentExists: async (b, id) => (await users.getUser(b, id)) !== undefined,
      teamExists: async (b, id) => (await users.getTeam(b, id)) !== undefined,
    },
    settings: {
      maxReplies: config.bots.maxRepliesPerMessage,
      handoffAfter: config.bots.handoffAfterNotUnderstood,
    },
    logger,
  });
  // Sandbox mode: the default business starts with the example flow as its active bot (examples/flows/).
  if (config.mode === 'sandbox' && config.sandbox.exampleFlow) await bots.seedExample(business.id, now());
  const webhooks = createWebhookService({
    db,
    leaseMs: config.webhookLeaseMs,
    tenants,
    contacts,
    conversations,
    consent,
    messages,
    templates,
    events,
    // The inbox announces each threaded customer message itself (message.received with its thread).
    inboxAnnouncesInbound: true,
    logger,
    limits,
    // Consent first (opt-out keywords, consent taps, opt-in keywords); the bot answers only what consent left alone.
    onInbound: async (i, t) => {
      const consentHandled = await channels.onInbound(i, t);
      await inbox.onInbound(i, t, {
        botMayAnswer: !consentHandled && !i.optedOut,
        // An unsure opt-out gets consent's question, and a person should look at the message.
        flag: i.unsureOptOut
          ? {
              reason: 'opt_out_unsure',
              tag: 'opt-out-unsure',
              data: { confidence: i.unsureOptOut.confidence, explanation: i.unsureOptOut.explanation },
            }
          : undefined,
      });
    },
    onAccountChange: async (b, field, value, phoneNumberId, t) =>
      quality.ingestWebhook(
        b,
        field,
        value,
        phoneNumberId ?? (await tenants.defaultPhoneNumber(b))?.phoneNumberId ?? null,
        t,
      ),
    // Delivered messages' pricing goes to the cost ledger, once per message.
    onStatuses: async (b, statuses, t) => void (await pricing.recordStatuses(b, statuses, t)),
  });
  const campaignStore = createCampaignStore(db);
  const campaigns = createCampaignService({
    store: campaignStore,
    messages,
    policy,
    consent,
    templates: templateStore,
    events,
    defaultPhoneNumberId: async (b) => (await tenants.defaultPhoneNumber(b))!.phoneNumberId,
    estimateCost: async (businessId, sends, at) => {
      const e = await pricing.estimate({
        businessId,
        recipients: sends.map((x) => ({
          waId: x.waId,
          category: x.templateCategory.toLowerCase() as 'marketing' | 'utility' | 'authentication',
        })),
        at,
      });
      return { amount: e.total, currency: e.currency, billable: e.billable };
    },
    // The budget cap counts what is sent but not priced yet (pricing comes with the delivered status).
    committedCost: (c, category, at) =>
      pricing.campaignCommitted(
        c.businessId,
        c.id,
        category.toLowerCase() as 'marketing' | 'utility' | 'authentication',
        at,
      ),
    logger,
  });
  // The quality guard reads the number's quality from Meta (GET /{phone-number-id}) every minute while campaigns run.
  const quality = createQualityGuard({
    db,
    campaigns,
    campaignStore,
    templates: templateStore,
    events,
    phoneRefreshMs: 60_000,
    phoneQuality: async (id) => {
      const r = await graphClient().getPhoneNumber(id);
      if (!r.ok) return null;
      return {
        qualityRating: r.value.quality_rating,
        status: r.value.status ?? null,
        messagingLimit: r.value.whatsapp_business_manager_messaging_limit ?? null,
      };
    },
    campaignSpent: (id) => pricing.campaignSpent(id),
    logger,
  });
  const dispatcher = createDispatcher({
    store: messageStore,
    policy,
    gateway: sendGateway,
    now,
    batchSize: config.dispatchBatchSize,
    concurrency: config.dispatchConcurrency,
    leaseMs: config.dispatchLeaseMs,
    limits,
    logger,
  });
  const erase = (businessId: string, waId: string, t: number) =>
    eraseContact(
      {
        ensureContact: (b, w, n) => contacts.touch(b, w, {}, n),
        // One transaction: a total opt-out, the ledger pseudonymised, the salted number on the suppression list.
        suppress: (b, w, n) => consent.erase(b, w, n),
        eraseContact: (b, w, n) => contacts.erase(b, w, n),
        eraseConversationContent: (b, w) => conversations.eraseContent(b, w),
        eraseMessageContent: (b, w) => messageStore.eraseContent(b, w),
      },
      businessId,
      waId,
      t,
    );

  // HTTP (API role): the platform API, the webhook receiver and, in sandbox mode, the simulator itself.
  let app: HttpServer | undefined;
  let sandbox: Sandbox | undefined;
  if (roles.api) {
    app = await createHttpServer({ logger, openapiInfo: { title: 'Greenlight', version: '0.1.0' } });
    app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
    // API keys and dashboard sessions; every /v1 route registered after this is checked for its scope or role.
    const cookies = await registerAuth(app, {
      apiKey: (key) => tenants.businessForApiKey(key),
      session: async (token, t) => {
        const s = await access.session(token, t);
        return s && { businessId: s.businessId, businessName: s.businessName, user: s.user };
      },
      csrfTokenFor,
      now,
      secureCookies: (config.publicUrl ?? '').startsWith('https:'),
    });
    registerUserRoutes(app, {
      access,
      store: users,
      cookies,
      now,
      apiKeys: {
        add: async (businessId, label, scopes, t) => {
          const key = generateApiKey();
          return { id: await tenants.addApiKey(businessId, key, label, t, scopes), key };
        },
        list: (businessId) => tenants.listApiKeys(businessId),
        revoke: (businessId, id, t) => tenants.revokeApiKey(businessId, id, t),
      },
    });
    const defaultPhoneNumberId = async (businessId: string) => {
      const p = await tenants.defaultPhoneNumber(businessId);
      if (!p) throw new Error(`business ${businessId} has no phone number`);
      return p.phoneNumberId;
    };
    registerTenantRoutes(app, { tenants });
    registerConsentRoutes(app, {
      consent,
      contacts,
      erase,
      now,
      publicBaseUrl: () => baseUrl ?? `http://${config.host}:${config.port}`,
      businessName: async (id) => (await tenants.getBusiness(id))?.name,
    });
    registerChannelRoutes(app, { channels, now });
    registerTemplateRoutes(app, {
      service: templates,
      store: templateStore,
      wabaFor: (id) => tenants.wabaForBusiness(id),
      verticalOf: async (id) =>
        ((await tenants.getBusiness(id))?.vertical ?? null) as BusinessVertical | null,
      consentCategoriesOf: (id) => consent.categories(id),
      now,
    });
    registerMessageRoutes(app, {
      // A free-form send through the API is a person answering "from elsewhere": it claims the thread (not a template).
      messages: {
        ...messages,
        send: async (businessId, phoneNumberId, input, key, t) => {
          const r = await messages.send(businessId, phoneNumberId, input, key, t);
          if (!r.replayed) await inbox.sentElsewhere(businessId, r.message, t);
          return r;
        },
      },
      now,
      defaultPhoneNumberId,
    });
    registerInboxRoutes(app, { inbox, now });
    registerBotRoutes(app, { bots, now });
    registerLimitRoutes(app, { limits, now });
    registerCampaignRoutes(app, { campaigns, now });
    registerQualityRoutes(app, { guard: quality, campaigns, defaultPhoneNumberId });
    registerPricingRoutes(app, { pricing, now });
    registerWebhookRoutes(app, {
      service: webhooks,
      appSecret: () => appSecret,
      verifyToken: () => verifyToken,
      now,
      onStored: () => processLoop?.wake(),
    });
    registerEventRoutes(app, {
      log: events,
      streams: createEventStreams({
        log: events,
        pollMs: Math.max(config.workerPollMs, 250),
        onError: (e) => logger.error({ err: e }, 'event stream read failed'),
      }),
    });
    registerOutboundWebhookRoutes(app, { webhooks: outboundWebhooks, now });
    if (sandboxIds) {
      sandbox = createSandbox({
        clock,
        accessToken: sandboxIds.accessToken,
        appSecret: sandboxIds.appSecret,
        wabaId: sandboxIds.wabaId,
        phoneNumberId: sandboxIds.phoneNumberId,
        displayPhoneNumber: sandboxIds.displayPhoneNumber,
        verifiedName: business.name,
        graphVersion: config.sandbox.graphVersion,
        publicBaseUrl: () => baseUrl ?? `http://${config.host}:${config.port}`,
        webhookUrl: () => (baseUrl ? `${baseUrl}/webhooks/whatsapp` : undefined),
        throughputMps: config.sandbox.throughputMps,
        logger,
      });
      await app.register(sandbox.plugin);
      if (sandboxSms) await app.register(sandboxSms.plugin);
    }
  }

  if (roles.worker) {
    const onError = (e: unknown) => logger.error({ err: e }, 'worker step failed');
    processLoop = new WorkLoop(() => webhooks.processBatch(200, now()), config.workerPollMs, onError);
    dispatchLoop = new WorkLoop(() => dispatcher.runOnce(), config.workerPollMs, onError);
    loops.push(processLoop, dispatchLoop);
    // Campaigns: scheduled starts, streamed expansion into the outbox, completion; then the quality guard's brake.
    loops.push(new WorkLoop(() => campaigns.runOnce(now()), config.workerPollMs, onError));
    loops.push(new WorkLoop(async () => (await quality.runOnce(now()), 0), config.workerPollMs, onError));
    // Outbound webhooks: claims due deliveries (leased, SKIP LOCKED on PostgreSQL), posts them signed, retries.
    loops.push(new WorkLoop(() => outboundWebhooks.deliverBatch(20, now), config.workerPollMs, onError));
  }

  return {
    config,
    db,
    clock,
    logger,
    get business() {
      return business;
    },
    generatedApiKey,
    sandbox,
    services: {
      tenants,
      contacts,
      conversations,
      consent,
      templates,
      templateStore,
      messages,
      messageStore,
      webhooks,
      policy,
      dispatcher,
      limits,
      channels,
      events,
      campaigns,
      quality,
      pricing,
      outboundWebhooks,
      users,
      access,
      bots,
      inbox,
    },
    app,
    /** Starts HTTP (api role) and the worker loops (worker role). Returns the base URL when listening. */
    async start(): Promise<string | undefined> {
      if (app) {
        const address = await app.listen({ host: config.host, port: config.port });
        baseUrl = config.publicUrl ?? address.replace('[::1]', 'localhost');
      }
      for (const l of loops) l.start();
      // The messaging limit is read from Meta at start and every hour (webhooks bring changes in between).
      const refreshLimits = () =>
        limits
          .refreshFromGraph(business.id, now())
          .catch((e: unknown) => logger.warn({ err: e }, 'reading the messaging limit failed'));
      await refreshLimits();
      if (roles.worker) limitsTimer = setInterval(() => void refreshLimits(), 3_600_000).unref();
      business = (await tenants.getBusiness(business.id)) ?? business;
      return baseUrl;
    },
    async stop(): Promise<void> {
      clearInterval(limitsTimer);
      for (const l of loops) await l.stop();
      await sandbox?.close();
      await app?.close();
      await client?.close();
      await db.close();
    },
  };
}
