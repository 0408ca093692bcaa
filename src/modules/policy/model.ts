// The one send decision: every message (API, campaign, bot, agent) passes through decide(facts, now), twice.
// Pure: no clock, no I/O. Reasons are machine-readable and stable (docs/error-codes.md).
import type { TemplateCategory } from '../../wire/graph.ts';
import { limitReasons, type LimitFacts } from '../limits/index.ts';

export type ConsentView = { state: 'opted_in' | 'opted_out' | 'none'; since: number | null };

export type TemplateFacts =
  | { found: false; name: string; language: string }
  | {
      found: true;
      name: string;
      language: string;
      status: string;
      category: TemplateCategory;
      consentCategory: string;
      parameterProblem: { code: string; message: string; details: Record<string, unknown> } | null;
    };

/**
 * Why the system itself sends a free-form message. `opt_out_confirmation`: the confirmation after a WhatsApp
 * opt-out, which the STOP message's own window allows (Meta lists it as a utility use case,
 * docs/meta-rules.md#opt-out). Only the system sets it (the public API cannot), and it lifts only the opt-out, not the window rule.
 */
export type SendPurpose = 'opt_out_confirmation';

export type PolicyFacts = {
  send:
    | {
        kind: 'free_form';
        purpose?: SendPurpose;
        /** What the content check found asking the customer for sensitive data (empty when nothing). */
        sensitiveData?: { kind: string; phrase: string }[];
      }
    | { kind: 'template'; template: TemplateFacts };
  contact: {
    /** The customer's last message to this business number, which opened the service window. */
    lastInboundAt: number | null;
    consent: Record<string, ConsentView>;
    /** When the contact last opted out of everything (null when not, or opted in again since). */
    totalOptOutAt: number | null;
    /** Erased on request: the number stays suppressed for good. */
    suppressed: boolean;
  };
  /** Messaging limit, cooldown, frequency cap and quiet hours (src/modules/limits); absent when not gathered. */
  limits?: LimitFacts;
};

export type Reason = { code: string; message: string; [detail: string]: unknown };
export type Decision = { allowed: boolean; reasons: Reason[] };

const WINDOW_MS = 24 * 3_600_000;

/** A template outside the service window: what Meta's messaging limit counts (docs/meta-rules.md#messaging-limits). */
export function isBusinessInitiated(facts: PolicyFacts, now: number): boolean {
  const last = facts.contact.lastInboundAt;
  return facts.send.kind === 'template' && !(last !== null && now < last + WINDOW_MS);
}

export function decide(facts: PolicyFacts, now: number): Decision {
  const reasons: Reason[] = [];
  const { contact, send } = facts;
  const windowOpen = contact.lastInboundAt !== null && now < contact.lastInboundAt + WINDOW_MS;

  if (contact.suppressed) {
    reasons.push({
      code: 'contact.suppressed',
      message: 'This number asked for its data to be erased and must not be messaged.',
    });
  }

  if (send.kind === 'free_form') {
    // Meta forbids asking for full card or account numbers, national IDs, passwords and the like in any message
    // (docs/meta-rules.md#sensitive-data); templates are checked at authoring, free-form text here, before anything is billed.
    if (send.sensitiveData && send.sensitiveData.length > 0) {
      reasons.push({
        code: 'content.sensitive_data_request',
        message: `The message asks the customer for sensitive data (${send.sensitiveData
          .map((f) => `"${f.phrase}"`)
          .join(
            ', ',
          )}); WhatsApp forbids requesting full card or account numbers, national IDs, passwords and PINs.`,
        findings: send.sensitiveData,
      });
    }
    if (!windowOpen) {
      reasons.push({
        code: 'window.closed',
        message:
          "Free-form messages may only be sent within 24 hours of the customer's last message; send an approved template instead.",
        lastInboundAt: contact.lastInboundAt === null ? null : new Date(contact.lastInboundAt).toISOString(),
        closedAt:
          contact.lastInboundAt === null ? null : new Date(contact.lastInboundAt + WINDOW_MS).toISOString(),
        metaCode: 131047,
      });
    }
    // A customer who opted out of everything gets no more replies until they write again: their new message is a
    // fresh request for service, which a reply may answer (the opt-out still blocks templates).
    if (
      send.purpose !== 'opt_out_confirmation' &&
      contact.totalOptOutAt !== null &&
      (contact.lastInboundAt === null || contact.totalOptOutAt >= contact.lastInboundAt)
    ) {
      reasons.push({
        code: 'consent.opted_out',
        message: 'The contact opted out of all messages.',
        category: '*',
      });
    }
    return { allowed: reasons.length === 0, reasons };
  }

  const t = send.template;
  if (!t.found) {
    reasons.push({
      code: 'template.not_found',
      message: `No template "${t.name}" in language ${t.language}.`,
      metaCode: 132001,
    });
    return { allowed: false, reasons };
  }
  if (t.status === 'PAUSED') {
    reasons.push({
      code: 'template.paused',
      message: `Template "${t.name}" is paused by Meta for low quality.`,
      metaCode: 132015,
    });
  } else if (t.status === 'DISABLED') {
    reasons.push({
      code: 'template.disabled',
      message: `Template "${t.name}" is disabled; create a new one.`,
      metaCode: 132016,
    });
  } else if (t.status !== 'APPROVED') {
    reasons.push({
      code: 'template.not_approved',
      message: `Template "${t.name}" is ${t.status}, not APPROVED.`,
      status: t.status,
      metaCode: 132001,
    });
  }
  if (t.parameterProblem) {
    reasons.push({
      code: t.parameterProblem.code,
      message: t.parameterProblem.message,
      ...t.parameterProblem.details,
      metaCode: t.parameterProblem.code === 'template.param_format' ? 132012 : 132000,
    });
  }
  const consent = contact.consent[t.consentCategory] ?? { state: 'none', since: null };
  if (consent.state === 'opted_out') {
    reasons.push({
      code: 'consent.opted_out',
      message: `The contact opted out of "${t.consentCategory}".`,
      category: t.consentCategory,
      since: consent.since === null ? null : new Date(consent.since).toISOString(),
    });
  } else if (consent.state !== 'opted_in') {
    reasons.push({
      code: 'consent.missing',
      message: `No opt-in for "${t.consentCategory}", which ${t.category} template "${t.name}" needs. A customer writing in is not an opt-in.`,
      category: t.consentCategory,
    });
  }
  if (facts.limits)
    reasons.push(
      ...limitReasons(
        facts.limits,
        { businessInitiated: !windowOpen, marketing: t.category === 'MARKETING' },
        now,
      ),
    );
  return { allowed: reasons.length === 0, reasons };
}
