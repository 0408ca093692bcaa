// Driving the workers by hand in scenarios whose harness runs without them, so that they choose what happens when.
import type { Harness } from './harness.ts';

/** Each runs one kind of worker until it has nothing left to do; `h` is read at call time (set in beforeAll). */
export function byHand(h: () => Harness) {
  const now = () => h().platform.clock.now();
  const s = () => h().platform.services;
  return {
    now,
    processWebhooks: async (): Promise<void> => {
      while ((await s().webhooks.processBatch(200, now())) > 0);
    },
    expand: async (): Promise<void> => {
      while ((await s().campaigns.runOnce(now())) > 0);
    },
    dispatchAll: async (): Promise<void> => {
      while ((await s().dispatcher.runOnce()) > 0);
    },
  };
}
