// The team inbox in scenarios: a contact's thread and what the bot wrote in it.
import type { Harness } from './harness.ts';

/** The thread of the contact with this E.164 phone, found through the inbox search (undefined when there is none). */
export const threadOf = async (h: Harness, phone: string) => {
  const r = await h.api('GET', `/v1/threads?q=${encodeURIComponent(phone.replace('+', ''))}`);
  return r.body.data.find((t: any) => t.contact.phone === phone);
};

/** The messages the bot sent in a thread. */
export const botMessages = async (h: Harness, threadId: string) =>
  (await h.api('GET', `/v1/threads/${threadId}`)).body.messages.filter(
    (m: any) => m.direction === 'outbound' && m.author === 'bot',
  );
