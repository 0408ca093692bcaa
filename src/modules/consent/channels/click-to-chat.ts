// Click-to-chat and QR: a wa.me link that opens a chat with a keyword typed in, and its QR code as SVG or PNG.
import QRCode from 'qrcode';

/** https://wa.me/<number in digits>?text=<keyword> (Meta's click-to-chat format: no "+", no spaces, no dashes). */
export function clickToChatLink(displayPhoneNumber: string, text: string): string {
  const digits = displayPhoneNumber.replace(/\D/g, '');
  return `https://wa.me/${digits}?text=${encodeURIComponent(text)}`;
}

// Error correction "M" (15%) survives a scuffed poster or a logo sticker without making the code much denser.
export const qrSvg = (link: string): Promise<string> =>
  QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });

export const qrPng = (link: string, width: number): Promise<Buffer> =>
  QRCode.toBuffer(link, { type: 'png', errorCorrectionLevel: 'M', margin: 4, width });
