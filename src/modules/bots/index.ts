// Bots: declarative chatbot flows, versioned per business, and the pure engine that runs them (one public door).
import { AppError, invalidInput, notFound } from '../../kernel/errors.ts';
import { exampleFlowSource } from './example-flow.ts';
import { parseFlowSource, sizeProblem, validateFlow, type Flow, type FlowProblem } from './flow.ts';
import type { FlowStore, FlowVersion } from './store.ts';

export { createFlowStore, type FlowStore, type FlowVersion } from './store.ts';
export {
  validateFlow,
  parseFlowSource,
  type Flow,
  type FlowProblem,
  type Step,
  type Trigger,
  type FaqItem,
} from './flow.ts';
export {
  step,
  initialBotState,
  optionReplyId,
  HANDOFF_OFFER_ID,
  type BotInput,
  type BotReply,
  type BotState,
  type StepResult,
} from './model.ts';
export { matchHandoff, defaultHandoffKeywords } from '../understanding/index.ts';
export { exampleFlowSource } from './example-flow.ts';

export class FlowInvalid extends AppError {
  constructor(problems: FlowProblem[]) {
    super(
      'invalid_input',
      'flow.invalid',
      `The flow has ${problems.length} problem(s): ${problems
        .slice(0, 3)
        .map((p) => `${p.path || '(flow)'}: ${p.message}`)
        .join(' ')}`,
      { problems },
    );
  }
}

/** Parses and validates a flow's source; throws 422 flow.invalid with every problem listed. */
export function checkFlow(input: { source?: string; format?: 'json' | 'yaml'; definition?: unknown }): {
  flow: Flow;
  format: 'json' | 'yaml';
  source: string;
} {
  let raw: unknown;
  let format: 'json' | 'yaml' = input.format ?? 'json';
  let source: string;
  if (input.definition !== undefined) {
    raw = input.definition;
    format = 'json';
    source = JSON.stringify(input.definition, null, 2);
    const tooLarge = sizeProblem(source);
    if (tooLarge) throw new FlowInvalid([tooLarge]);
  } else if (typeof input.source === 'string') {
    source = input.source;
    const parsed = parseFlowSource(input.source, format);
    if (!parsed.ok) throw new FlowInvalid(parsed.problems);
    raw = parsed.value;
  } else
    throw invalidInput('flow.source_missing', 'Give the flow as {definition} (JSON) or {source, format}.');
  const r = validateFlow(raw);
  if (!r.flow) throw new FlowInvalid(r.problems);
  return { flow: r.flow, format, source };
}

export function createBots(deps: { store: FlowStore }) {
  const { store } = deps;
  return {
    store,
    async create(
      businessId: string,
      input: { source?: string; format?: 'json' | 'yaml'; definition?: unknown; activate?: boolean },
      now: number,
    ): Promise<FlowVersion> {
      const { flow, format, source } = checkFlow(input);
      const v = await store.insert(businessId, { name: flow.name, format, source, definition: flow }, now);
      if (input.activate) {
        await store.activate(businessId, v.version, now);
        return { ...v, active: true, activatedAt: now };
      }
      return v;
    },
    validate: (input: { source?: string; format?: 'json' | 'yaml'; definition?: unknown }) =>
      checkFlow(input).flow,
    list: (businessId: string) => store.list(businessId),
    async get(businessId: string, version: number): Promise<FlowVersion> {
      const v = await store.get(businessId, version);
      if (!v) throw notFound('flow.not_found', `No flow version ${version}.`);
      return v;
    },
    async activate(businessId: string, version: number, now: number): Promise<FlowVersion> {
      const v = await store.get(businessId, version);
      if (!v) throw notFound('flow.not_found', `No flow version ${version}.`);
      await store.activate(businessId, version, now);
      return { ...v, active: true, activatedAt: now };
    },
    async deactivate(businessId: string, now: number): Promise<void> {
      await store.activate(businessId, null, now);
    },
    active: (businessId: string) => store.active(businessId),
    /** Sandbox mode: a business without any flow starts with the example flow, active (README, docs/flows.md). */
    async seedExample(businessId: string, now: number): Promise<FlowVersion | undefined> {
      if ((await store.count(businessId)) > 0) return undefined;
      return this.create(businessId, { source: exampleFlowSource(), format: 'yaml', activate: true }, now);
    },
  };
}

export type Bots = ReturnType<typeof createBots>;
