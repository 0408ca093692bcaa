// The example flow that ships with the sandbox (examples/flows/coffee-shop.yaml), read from disk once.
import fs from 'node:fs';

export const exampleFlowPath = new URL('../../../examples/flows/coffee-shop.yaml', import.meta.url);

export function exampleFlowSource(): string {
  return fs.readFileSync(exampleFlowPath, 'utf8');
}
