// Inbox model: the words of an outbound message that search may match, and the service window view.
import { describe, expect, it } from 'vitest';
import { inboundText, visibleTexts, windowView } from './model.ts';

describe('visibleTexts', () => {
  it('reads a text body and a media caption, never the number or the keys', () => {
    expect(visibleTexts(JSON.stringify({ to: '+31611', text: 'Your beans are in' }))).toEqual([
      'Your beans are in',
    ]);
    expect(
      visibleTexts(
        JSON.stringify({ to: '+31611', media: { type: 'image', link: 'https://x/y.png', caption: 'Latte' } }),
      ),
    ).toEqual(['Latte']);
  });

  it('reads an interactive body, buttons and list rows, not their ids or types', () => {
    const buttons = visibleTexts(
      JSON.stringify({
        to: '+31611',
        interactive: {
          type: 'button',
          body: { text: 'How can I help?' },
          action: {
            buttons: [{ type: 'reply', reply: { id: 'bot:welcome:order', title: 'Track my order' } }],
          },
        },
      }),
    );
    expect(buttons).toEqual(['How can I help?', 'Track my order']);
    const list = visibleTexts(
      JSON.stringify({
        to: '+31611',
        interactive: {
          type: 'list',
          body: { text: 'Pick one' },
          action: {
            button: 'Menu',
            sections: [{ rows: [{ id: 'r1', title: 'Espresso', description: 'Short and strong' }] }],
          },
        },
      }),
    );
    expect(list).toEqual(['Pick one', 'Menu', 'Espresso', 'Short and strong']);
    for (const word of ['interactive', 'reply', 'bot:welcome', '+31611', 'list'])
      expect([...buttons, ...list].filter((t) => t.toLowerCase().includes(word))).toEqual([]);
  });

  it('reads a template name and its parameters, not its language', () => {
    expect(
      visibleTexts(
        JSON.stringify({
          to: '+31611',
          template: { name: 'order_shipped', language: 'en', parameters: ['Ann'], header: { name: 'Acme' } },
        }),
      ),
    ).toEqual(['order_shipped', 'Ann', 'Acme']);
  });

  it('is empty for a request that is not JSON', () => expect(visibleTexts('{')).toEqual([]));
});

describe('windowView', () => {
  it('closes exactly 24 hours after the last customer message', () => {
    const w = windowView(0, 3_600_000);
    expect(w).toMatchObject({ open: true, closesAt: new Date(24 * 3_600_000).toISOString() });
    expect(windowView(null, 0)).toMatchObject({ open: false, closesAt: null });
  });
});

describe('inboundText', () => {
  it('shows the text, else the title of the tapped button or list row, else a quick-reply text', () => {
    expect(inboundText('hi', '{}')).toBe('hi');
    const tap = (interactive: unknown) =>
      inboundText(null, JSON.stringify({ type: 'interactive', interactive }));
    expect(tap({ type: 'button_reply', button_reply: { id: 'b', title: 'Track my order' } })).toBe(
      'Track my order',
    );
    expect(tap({ type: 'list_reply', list_reply: { id: 'r', title: 'Espresso' } })).toBe('Espresso');
    expect(inboundText(null, JSON.stringify({ button: { payload: 'P', text: 'Stop promotions' } }))).toBe(
      'Stop promotions',
    );
    expect(inboundText(null, JSON.stringify({ type: 'image' }))).toBeNull();
  });
});
