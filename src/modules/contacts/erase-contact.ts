// Erasure on request: personal data goes, the number stays suppressed so that it is never messaged again.

export type EraseDeps = {
  eraseContact(businessId: string, waId: string, now: number): Promise<void>;
  ensureContact(businessId: string, waId: string, now: number): Promise<void>;
  eraseConversationContent(businessId: string, waId: string): Promise<void>;
  eraseMessageContent(businessId: string, waId: string): Promise<void>;
  suppress(businessId: string, waId: string, now: number): Promise<void>;
};

export async function eraseContact(
  deps: EraseDeps,
  businessId: string,
  waId: string,
  now: number,
): Promise<void> {
  // Suppression first: if anything below fails, the number is already protected.
  await deps.ensureContact(businessId, waId, now);
  await deps.suppress(businessId, waId, now);
  await deps.eraseContact(businessId, waId, now);
  await deps.eraseConversationContent(businessId, waId);
  await deps.eraseMessageContent(businessId, waId);
}
