// The words a free-form send shows the customer, so that the content rules (no sensitive-data requests) see all of them.
import type { GraphSendMessageRequest } from '../../wire/graph.ts';

/**
 * Joins every customer-visible string of a free-form send: a text body, a media caption, an interactive message's
 * header, body, footer, button titles and list rows. Each part ends a sentence, so a request split across the body
 * and a button still reads as one sentence per part rather than as one run-on sentence.
 */
export function freeFormTextOf(graph: GraphSendMessageRequest): string {
  const parts: string[] = [];
  if (graph.text) parts.push(graph.text.body);
  for (const media of [graph.image, graph.video, graph.document])
    if (media?.caption) parts.push(media.caption);
  const i = graph.interactive;
  if (i) {
    if (i.header?.text) parts.push(i.header.text);
    if (i.body?.text) parts.push(i.body.text);
    if (i.footer?.text) parts.push(i.footer.text);
    for (const b of i.action.buttons ?? []) parts.push(b.reply.title);
    for (const s of i.action.sections ?? []) {
      if (s.title) parts.push(s.title);
      for (const r of s.rows) parts.push(r.description ? `${r.title}. ${r.description}` : r.title);
    }
  }
  return parts.join('\n');
}
