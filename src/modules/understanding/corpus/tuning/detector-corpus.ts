// Labelled template and message wording (EN, NL, DE) for measuring the marketing and sensitive-data detectors.
//
// Written before the detectors, from realistic template wording, and not tuned sentence by sentence
// afterwards. Labels follow docs/meta-rules.md#template-categories (utility must be non-promotional; mixed content is
// marketing) and meta-rules.md#sensitive-data (do not ask for full card or account numbers, national IDs, or documents holding
// them; partial identifiers such as the last 4 digits are fine).
//
// Decisions encoded in the labels:
// - "your discount code was applied to order {{1}}" confirms a transaction the customer made: NOT marketing.
// - a template that CONTAINS our IBAN for the customer to pay to is NOT a sensitive-data request;
//   asking the customer for THEIR IBAN or account number IS one.
// - asking the customer to send back a one-time code they received is a request (account takeover pattern);
//   sending a code with "do not share it" is not.
// - asking for a photo of a passport or ID card is a request for a document holding a national ID (meta-rules.md#sensitive-data).

export type CorpusLanguage = 'en' | 'nl' | 'de';
export type CorpusEntry = {
  text: string;
  language: CorpusLanguage;
  marketing: boolean;
  sensitive: boolean;
};

const m = (language: CorpusLanguage, text: string): CorpusEntry => ({
  text,
  language,
  marketing: true,
  sensitive: false,
});
const s = (language: CorpusLanguage, text: string): CorpusEntry => ({
  text,
  language,
  marketing: false,
  sensitive: true,
});
const n = (language: CorpusLanguage, text: string): CorpusEntry => ({
  text,
  language,
  marketing: false,
  sensitive: false,
});

export const detectorCorpus: readonly CorpusEntry[] = [
  // English: marketing
  m('en', 'Hi {{1}}, our summer sale is on: get 20% off all sandals until Sunday. Shop now!'),
  m('en', 'Use promo code WELCOME10 at checkout to save 10 percent on your next order.'),
  m('en', "Only today: free shipping on every order over €25. Don't miss out!"),
  m('en', 'Hi {{1}}, you might also like our new leather wallets. Take a look at the collection.'),
  m('en', 'Your plan renews soon. Upgrade now to Premium and get 3 months for the price of 2.'),
  m('en', 'Last chance, {{1}}! Your cart is waiting and the items are almost sold out.'),
  m('en', 'New arrivals just landed: discover the autumn collection in store and online.'),
  m('en', 'Enter our contest and win a weekend trip to Paris for two!'),
  m('en', 'Claim your free sample of our new face cream, while stocks last.'),
  m('en', 'Thanks for your order {{1}}! As a thank-you, here is a coupon for 15% off your next purchase.'),
  // English: sensitive-data requests
  s('en', 'To verify your identity, please reply with your full card number and the expiry date.'),
  s('en', 'Please send us the 3-digit CVV on the back of your card to complete the payment.'),
  s('en', 'Reply with your Social Security number so we can process your application.'),
  s('en', 'For the refund, please share your bank account number and sort code.'),
  s('en', 'Please reply with the 6-digit code we just sent you by SMS to confirm the change.'),
  s('en', 'To unlock your account, send us your password and username.'),
  s('en', 'Please upload a photo of your passport so we can verify your booking.'),
  s('en', 'Could you share your PIN so our agent can reset the card?'),
  // English: neither
  n('en', 'Hi {{1}}, your order {{2}} has shipped and will arrive on {{3}}.'),
  n('en', 'Your appointment with Dr. {{1}} is confirmed for {{2}} at {{3}}.'),
  n('en', 'Your discount code was applied to order {{1}}. The new total is {{2}}.'),
  n('en', 'For your security: we will never ask for your PIN, password or full card number.'),
  n('en', "To confirm it's you, please reply with the last 4 digits of the card you paid with."),
  n('en', 'Please transfer {{1}} to IBAN NL91ABNA0417164300 stating invoice number {{2}}.'),
  n('en', 'Your payment of {{1}} was received. Thank you!'),
  n('en', "Your password was changed on {{1}}. If this wasn't you, contact us at {{2}}."),
  n('en', 'Your table for {{1}} people is booked for {{2}}. Reply CANCEL to cancel.'),
  n('en', 'The item you reported missing from order {{1}} will be refunded within 5 days.'),
  n('en', '{{1}} is your verification code. For your security, do not share this code.'),
  n('en', 'Reminder: your subscription renews on {{1}}. You can manage it in your account.'),
  n('en', 'Thanks for your purchase! Your receipt for order {{1}} is attached.'),
  n('en', 'Your free trial ends on {{1}}. You will not be charged unless you continue.'),
  n('en', 'Your new card ending in {{1}} has been activated.'),

  // Dutch: marketing
  m('nl', 'Hoi {{1}}, de uitverkoop is begonnen: nu 30% korting op alle jassen. Shop nu!'),
  m('nl', 'Gebruik de kortingscode ZOMER15 en ontvang 15% korting op je volgende bestelling.'),
  m('nl', 'Alleen vandaag: gratis verzending op alle bestellingen. Wees er snel bij!'),
  m('nl', 'Misschien vind je dit ook leuk: onze nieuwe collectie sneakers staat online.'),
  m('nl', 'Nieuw binnen: de wintercollectie is er! Bestel nu en ontvang een gratis cadeau.'),
  m('nl', 'Laatste kans! De actie loopt vandaag om middernacht af.'),
  m('nl', 'Doe mee aan onze winactie en maak kans op een jaar lang gratis koffie.'),
  m('nl', 'Upgrade nu naar Plus en krijg de eerste maand gratis.'),
  m('nl', 'Tijdelijk 1+1 gratis op alle shampoos. Op=op!'),
  // Dutch: sensitive-data requests
  s('nl', 'Stuur ons je volledige creditcardnummer en de vervaldatum om de betaling af te ronden.'),
  s('nl', 'Wil je je BSN doorgeven zodat we je aanvraag kunnen verwerken?'),
  s('nl', 'Graag ontvangen we je IBAN-nummer voor de terugbetaling.'),
  s('nl', 'Stuur een foto van je paspoort of identiteitsbewijs om je account te verifiëren.'),
  s('nl', 'Geef ons de pincode van je pas zodat we de blokkade kunnen opheffen.'),
  s('nl', 'Stuur de verificatiecode die je per sms hebt ontvangen naar dit nummer.'),
  s('nl', 'Wat is je wachtwoord? Dan kunnen we je account herstellen.'),
  s('nl', 'Vul je CVC-code in via deze chat om je bestelling te bevestigen.'),
  // Dutch: neither
  n('nl', 'Hoi {{1}}, je bestelling {{2}} is verzonden en wordt {{3}} bezorgd.'),
  n('nl', 'Je afspraak bij {{1}} is bevestigd voor {{2}} om {{3}}.'),
  n('nl', 'Wij vragen nooit om je pincode, wachtwoord of inlogcodes via WhatsApp.'),
  n('nl', 'Ter controle: wat zijn de laatste 4 cijfers van je rekeningnummer?'),
  n('nl', 'Maak {{1}} over naar NL91 ABNA 0417 1643 00 o.v.v. factuurnummer {{2}}.'),
  n('nl', 'Je kortingscode is toegepast op bestelling {{1}}. Het nieuwe totaal is {{2}}.'),
  n('nl', 'Je betaling van {{1}} is ontvangen. Bedankt!'),
  n('nl', 'Je pakket ligt klaar bij afhaalpunt {{1}}. Neem je ophaalcode mee.'),
  n('nl', 'Je wachtwoord is gewijzigd op {{1}}. Was jij dit niet? Neem contact met ons op.'),
  n('nl', 'Je proefperiode eindigt op {{1}}. Je abonnement gaat daarna automatisch door.'),
  n('nl', 'Vul de code {{1}} in op de website om in te loggen. Deel deze code met niemand.'),

  // German: marketing
  m('de', 'Hallo {{1}}, nur heute: 25% Rabatt auf alle Schuhe. Jetzt shoppen!'),
  m('de', 'Mit dem Gutscheincode HERBST10 sparen Sie 10 % bei Ihrer nächsten Bestellung.'),
  m('de', 'Sommerschlussverkauf! Alles muss raus – bis zu 50 % reduziert.'),
  m('de', 'Das könnte Ihnen auch gefallen: entdecken Sie unsere neue Kollektion.'),
  m('de', 'Jetzt upgraden und zwei Monate gratis erhalten – nur für kurze Zeit!'),
  m('de', 'Letzte Chance: Ihr Warenkorb wartet noch auf Sie. Jetzt bestellen!'),
  m('de', 'Neu eingetroffen: die Frühjahrskollektion ist da.'),
  m('de', 'Machen Sie mit bei unserem Gewinnspiel und gewinnen Sie ein E-Bike!'),
  m('de', 'Gratis Probe: Bestellen Sie heute und erhalten Sie ein kostenloses Geschenk.'),
  // German: sensitive-data requests
  s('de', 'Bitte senden Sie uns Ihre vollständige Kreditkartennummer und die Prüfnummer.'),
  s('de', 'Bitte teilen Sie uns Ihre IBAN mit, damit wir die Erstattung veranlassen können.'),
  s('de', 'Schicken Sie uns ein Foto Ihres Personalausweises zur Verifizierung.'),
  s('de', 'Bitte nennen Sie uns Ihre Steuer-ID für die Bearbeitung.'),
  s('de', 'Antworten Sie mit Ihrer PIN, um die Karte zu entsperren.'),
  s('de', 'Bitte senden Sie uns den Bestätigungscode, den Sie per SMS erhalten haben.'),
  s('de', 'Geben Sie hier Ihr Passwort ein, damit wir Ihr Konto prüfen können.'),
  s('de', 'Wie lautet Ihre Kontonummer? Wir benötigen sie für die Rückzahlung.'),
  // German: neither
  n('de', 'Hallo {{1}}, Ihre Bestellung {{2}} wurde versandt und kommt am {{3}} an.'),
  n('de', 'Ihr Termin bei {{1}} ist für {{2}} um {{3}} bestätigt.'),
  n('de', 'Wir fragen Sie niemals nach Ihrer PIN oder Ihrem Passwort.'),
  n('de', 'Bitte bestätigen Sie die letzten 4 Ziffern Ihrer Karte.'),
  n(
    'de',
    'Bitte überweisen Sie {{1}} auf das Konto DE89 3704 0044 0532 0130 00 mit dem Verwendungszweck {{2}}.',
  ),
  n('de', 'Ihr Rabattcode wurde auf die Bestellung {{1}} angewendet.'),
  n('de', 'Ihre Zahlung über {{1}} ist eingegangen. Vielen Dank!'),
  n('de', 'Ihr Passwort wurde am {{1}} geändert. Waren Sie das nicht, kontaktieren Sie uns.'),
  n('de', 'Ihre Rechnung {{1}} ist jetzt in Ihrem Kundenkonto verfügbar.'),
  n('de', 'Ihre neue Karte mit der Endung {{1}} wurde aktiviert.'),
];
