// The FAQ entries of the example flow (examples/flows/coffee-shop.yaml), read from the file the sandbox seeds.
import { parseFlowSource, validateFlow } from '../../src/modules/bots/index.ts';
import { exampleFlowSource } from '../../src/modules/bots/index.ts';
import type { FaqEntry } from '../../src/modules/understanding/index.ts';

export function exampleFaq(): FaqEntry[] {
  const parsed = parseFlowSource(exampleFlowSource(), 'yaml');
  if (!parsed.ok) throw new Error('the example flow does not parse');
  const { flow } = validateFlow(parsed.value);
  if (!flow) throw new Error('the example flow is not valid');
  return flow.faq ?? [];
}
