// The send decision: window, consent, template state and parameters, suppression.
import { describe, expect, it } from 'vitest';
import { decide, type PolicyFacts, type TemplateFacts } from './model.ts';

const H = 3_600_000;
const NOW = Date.UTC(2026, 10, 21, 12);

const contact = (over: Partial<PolicyFacts['contact']> = {}): PolicyFacts['contact'] => ({
  lastInboundAt: null,
  consent: {},
  totalOptOutAt: null,
  suppressed: false,
  ...over,
});
const approved = (over: Partial<Extract<TemplateFacts, { found: true }>> = {}): TemplateFacts => ({
  found: true,
  name: 'order_ready',
  language: 'en',
  status: 'APPROVED',
  category: 'UTILITY',
  consentCategory: 'order_updates',
  parameterProblem: null,
  ...over,
});
const codes = (facts: PolicyFacts) => decide(facts, NOW).reasons.map((r) => r.code);

describe('free-form messages', () => {
  it('are allowed inside the 24 h window', () => {
    expect(
      decide({ send: { kind: 'free_form' }, contact: contact({ lastInboundAt: NOW - 23 * H }) }, NOW),
    ).toEqual({ allowed: true, reasons: [] });
  });
  it('are denied with window.closed once 24 h have passed, and when the customer never wrote', () => {
    expect(codes({ send: { kind: 'free_form' }, contact: contact({ lastInboundAt: NOW - 24 * H }) })).toEqual(
      ['window.closed'],
    );
    expect(codes({ send: { kind: 'free_form' }, contact: contact() })).toEqual(['window.closed']);
  });
  it('stop after a total opt-out until the customer writes again', () => {
    const optedOut = NOW - 2 * H;
    expect(
      codes({
        send: { kind: 'free_form' },
        contact: contact({ lastInboundAt: optedOut, totalOptOutAt: optedOut }),
      }),
    ).toEqual(['consent.opted_out']);
    expect(
      codes({
        send: { kind: 'free_form' },
        contact: contact({ lastInboundAt: NOW - H, totalOptOutAt: optedOut }),
      }),
    ).toEqual([]);
  });
  it('are denied with content.sensitive_data_request when the content check found a request, even in the window', () => {
    const d = decide(
      {
        send: { kind: 'free_form', sensitiveData: [{ kind: 'iban', phrase: 'IBAN' }] },
        contact: contact({ lastInboundAt: NOW - H }),
      },
      NOW,
    );
    expect(d.allowed).toBe(false);
    expect(d.reasons).toEqual([
      expect.objectContaining({
        code: 'content.sensitive_data_request',
        findings: [{ kind: 'iban', phrase: 'IBAN' }],
      }),
    ]);
    expect(
      codes({ send: { kind: 'free_form', sensitiveData: [] }, contact: contact({ lastInboundAt: NOW - H }) }),
    ).toEqual([]);
  });
  it('never go to a suppressed (erased) number', () => {
    expect(
      codes({ send: { kind: 'free_form' }, contact: contact({ lastInboundAt: NOW - H, suppressed: true }) }),
    ).toContain('contact.suppressed');
  });
});

describe('templates', () => {
  const optedIn = { order_updates: { state: 'opted_in' as const, since: NOW - 100 * H } };
  it('are allowed when approved and the contact opted in to the category, window or not', () => {
    expect(
      decide(
        { send: { kind: 'template', template: approved() }, contact: contact({ consent: optedIn }) },
        NOW,
      ).allowed,
    ).toBe(true);
  });
  it('need an opt-in: a customer writing in is not one', () => {
    expect(
      codes({
        send: { kind: 'template', template: approved() },
        contact: contact({ lastInboundAt: NOW - H }),
      }),
    ).toEqual(['consent.missing']);
  });
  it('are denied after an opt-out of their category', () => {
    const consent = { order_updates: { state: 'opted_out' as const, since: NOW - H } };
    expect(
      codes({ send: { kind: 'template', template: approved() }, contact: contact({ consent }) }),
    ).toEqual(['consent.opted_out']);
  });
  it.each([
    ['PAUSED', 'template.paused'],
    ['DISABLED', 'template.disabled'],
    ['PENDING', 'template.not_approved'],
    ['REJECTED', 'template.not_approved'],
  ])('in status %s are denied with %s', (status, code) => {
    expect(
      codes({
        send: { kind: 'template', template: approved({ status }) },
        contact: contact({ consent: optedIn }),
      }),
    ).toEqual([code]);
  });
  it('that do not exist are denied with template.not_found mirroring 132001', () => {
    const d = decide(
      {
        send: { kind: 'template', template: { found: false, name: 'nope', language: 'en' } },
        contact: contact({ consent: optedIn }),
      },
      NOW,
    );
    expect(d.reasons).toEqual([expect.objectContaining({ code: 'template.not_found', metaCode: 132001 })]);
  });
  it('with the wrong parameters are denied before Meta sees them', () => {
    const t = approved({
      parameterProblem: {
        code: 'template.params_mismatch',
        message: 'x',
        details: { expected: 2, given: 1 },
      },
    });
    expect(
      decide({ send: { kind: 'template', template: t }, contact: contact({ consent: optedIn }) }, NOW)
        .reasons,
    ).toEqual([expect.objectContaining({ code: 'template.params_mismatch', metaCode: 132000, expected: 2 })]);
  });
  it('collect every reason at once', () => {
    expect(
      codes({
        send: { kind: 'template', template: approved({ status: 'PAUSED' }) },
        contact: contact({ suppressed: true }),
      }),
    ).toEqual(['contact.suppressed', 'template.paused', 'consent.missing']);
  });
});
