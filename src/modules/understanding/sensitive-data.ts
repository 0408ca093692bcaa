// Detects a request ASKING the customer to share sensitive identifiers (cards, CVV, accounts, IBAN, IDs, passwords, PINs, codes).
//
// Why: "Do not request sensitive identifiers from users ... full length individual payment card numbers,
// financial account numbers, National Identification numbers ... This also includes not requesting
// documents from users that might contain sensitive identifiers. Requesting partial identifiers (ex: last
// 4 digits of their Social Security number) is OK." (docs/meta-rules.md#sensitive-data, meta-rules.md#template-format content rules). Greenlight
// applies this to templates and to every free-form outbound message (deny code content.sensitive_data_request).
//
// How it decides, sentence by sentence: a sensitive object (e.g. "card number", "BSN", "Passwort") must
// appear together with a request cue ("please send", "reply with", "stuur", "wat is je", "bitte",
// "wie lautet"). It is NOT a request when:
// - the sentence is negated ("we will never ask for your PIN", "deel deze code met niemand",
//   "geben Sie Ihre PIN nicht weiter"), or the PIN is to be typed elsewhere ("at the terminal", "in the app");
// - only part of the identifier is asked for ("the last 4 digits of your account number", meta-rules.md#sensitive-data);
// - the object is followed by a value or belongs to us ("transfer to IBAN NL91 ABNA ...", "to our IBAN",
//   "account number {{1}}"): a template that CONTAINS the business's IBAN for the customer to pay to is
//   a payment instruction, not a request;
// Passwords, PINs and one-time codes the customer received count too: Meta groups them with "other
// sensitive identifiers", and asking for a received code is the classic account-takeover pattern.
// Known limits: any negation in the same sentence suppresses a real request ("if you did not ask for
// this, send us your password"); requests spread over two sentences are missed.
import {
  compileRules,
  languagesFor,
  matchRules,
  normaliseForMatching,
  originalSpan,
  sentencesOf,
  type DetectorLanguage,
  type PhraseRule,
} from './detector-text.ts';

export type SensitiveKind =
  | 'card_number'
  | 'cvv'
  | 'bank_account'
  | 'iban'
  | 'national_id'
  | 'id_document'
  | 'password'
  | 'pin'
  | 'one_time_code';

export type SensitiveFinding = { kind: SensitiveKind; phrase: string; index: number };
export type SensitiveVerdict = { found: boolean; findings: SensitiveFinding[] };

const EN = ['en'] as const;
const NL = ['nl'] as const;
const DE = ['de'] as const;
const FR = ['fr'] as const;
const ES = ['es'] as const;
const PT = ['pt'] as const;
const IT = ['it'] as const;
const ALL = ['en', 'nl', 'de', 'fr', 'es', 'pt', 'it'] as const;

const objects: PhraseRule<SensitiveKind>[] = [
  {
    kind: 'card_number',
    languages: EN,
    pattern:
      '(?:(?:full|complete|whole|entire|long) )?(?:(?:credit|debit|bank|payment) )?card (?:number|no\\.?|details|info(?:rmation)?)s?|card ?numbers?',
  },
  {
    kind: 'card_number',
    languages: NL,
    pattern: 'creditcard(?:nummer|gegevens)s?|\\p{L}*kaartnummers?|\\p{L}*pasnummers?|(?:kaart|pas)gegevens',
  },
  { kind: 'card_number', languages: DE, pattern: '\\p{L}*kartennummer(?:n)?|\\p{L}*kartendaten' },
  { kind: 'cvv', languages: ALL, pattern: 'cvv2?|cvc2?|cvn|cvv-?code|cvc-?code' },
  {
    kind: 'cvv',
    languages: EN,
    pattern: '(?:card )?security code on the back|card verification (?:code|value|number)',
  },
  { kind: 'cvv', languages: DE, pattern: '\\p{L}*prufnummer|\\p{L}*prufziffer|kartenprufcode' },
  {
    kind: 'bank_account',
    languages: EN,
    pattern:
      '(?:bank )?account (?:number|no\\.?|details)s?|sort code|routing number|bank details|banking details',
  },
  {
    kind: 'bank_account',
    languages: NL,
    pattern: '\\p{L}*rekeningnummers?|bankrekening(?:gegevens)?|bankgegevens',
  },
  {
    kind: 'bank_account',
    languages: DE,
    pattern: '\\p{L}*kontonummer(?:n)?|bankverbindung|bankdaten|kontodaten',
  },
  { kind: 'iban', languages: ALL, pattern: 'iban(?:[- ]?(?:nummer|number|no\\.?))?' },
  {
    kind: 'national_id',
    languages: EN,
    pattern:
      'social security(?: number)?|ssn|national (?:id|identification|identity|insurance) (?:number|no\\.?)|tax (?:id|identification number|file number)|(?:id|identity|passport) number|citizen service number|sofi number',
  },
  {
    kind: 'national_id',
    languages: NL,
    pattern:
      'bsn(?:-?nummer)?|burgerservicenummer|sofinummer|identiteitsnummer|documentnummer|paspoortnummer',
  },
  {
    kind: 'national_id',
    languages: DE,
    pattern:
      'steuer-?id|steuer-?identifikationsnummer|steuernummer|sozialversicherungsnummer|\\p{L}*ausweis-?nummer|reisepassnummer|passnummer',
  },
  {
    kind: 'id_document',
    languages: EN,
    pattern:
      "passports?|(?:national )?id cards?|identity cards?|identity documents?|driver'?s licen[cs]e|driving licen[cs]e|(?:photo|scan|copy|picture) of (?:your|the) id",
  },
  {
    kind: 'id_document',
    languages: NL,
    pattern: 'paspoort|identiteitsbewijs|identiteitskaart|id-kaart|id-bewijs|rijbewijs',
  },
  {
    kind: 'id_document',
    languages: DE,
    pattern: 'reisepass(?:es)?|personalausweis(?:es)?|ausweis(?:es|dokument)?|fuhrerschein(?:s|es)?',
  },
  {
    kind: 'password',
    languages: EN,
    pattern: 'passwords?|passcodes?|login (?:details|credentials)|credentials',
  },
  { kind: 'password', languages: NL, pattern: 'wachtwoord(?:en)?|inloggegevens|inlogcodes?' },
  { kind: 'password', languages: DE, pattern: 'passwort|kennwort|zugangsdaten|logindaten' },
  { kind: 'pin', languages: ALL, pattern: 'pin(?:[- ]?(?:code|nummer|number))?|pincode' },
  { kind: 'pin', languages: DE, pattern: 'geheimzahl' },
  {
    kind: 'one_time_code',
    languages: EN,
    pattern:
      '(?:verification|confirmation|security|one[- ]time|otp|login|sign[- ]in|sms|text|authentication|access|(?:\\d|six|four|_var_)[- ]digit) (?:code|pin)s?|one[- ]time (?:password|passcode)|otp|2fa code|code (?:we|that we|i) (?:just )?(?:sent|texted)|code you (?:just )?received',
  },
  {
    kind: 'one_time_code',
    languages: NL,
    pattern: 'verificatiecode|bevestigingscode|sms-?code|eenmalige code|beveiligingscode|toegangscode',
  },
  {
    kind: 'one_time_code',
    languages: DE,
    pattern: 'bestatigungscode|verifizierungscode|sicherheitscode|einmal(?:code|passwort)|tan|sms-?code',
  },
  // French, Spanish, Portuguese and Italian (accents are folded away before matching).
  {
    kind: 'card_number',
    languages: [...FR, ...ES, ...PT, ...IT],
    pattern:
      'numero (?:complet |completo |intero )?(?:de |du |do |da |della |di )?(?:(?:votre|ta|tu|su|seu|sua|teu|tua|la|vostra) )?(?:carte|tarjeta|cartao|carta)(?: (?:bancaire|de credito|de debito|di credito|de credit))?|(?:donnees|datos|dados|dati) (?:de (?:la |votre )?|del |do |della )?(?:carte|tarjeta|cartao|carta)',
  },
  { kind: 'cvv', languages: FR, pattern: 'cryptogramme(?: visuel)?' },
  { kind: 'cvv', languages: ES, pattern: 'codigo de seguridad(?: de (?:la|tu) tarjeta)?' },
  { kind: 'cvv', languages: PT, pattern: 'codigo de seguranca(?: do cartao)?' },
  { kind: 'cvv', languages: IT, pattern: 'codice di sicurezza(?: della carta)?' },
  {
    kind: 'bank_account',
    languages: FR,
    pattern: "rib|releve d'identite bancaire|numero de compte(?: bancaire)?|coordonnees bancaires",
  },
  {
    kind: 'bank_account',
    languages: ES,
    pattern: 'numero de (?:tu |su )?cuenta(?: bancaria)?|cuenta bancaria|datos bancarios',
  },
  {
    kind: 'bank_account',
    languages: PT,
    pattern: 'numero da (?:sua |tua )?conta|conta bancaria|dados bancarios',
  },
  { kind: 'bank_account', languages: IT, pattern: 'numero di conto|conto corrente|coordinate bancarie' },
  {
    kind: 'national_id',
    languages: FR,
    pattern: "numero de securite sociale|numero fiscal|numero d'identification fiscale|numero d'identite",
  },
  {
    kind: 'national_id',
    languages: ES,
    pattern: 'numero de (?:la )?seguridad social|nif|nie|numero de identidad',
  },
  {
    kind: 'national_id',
    languages: PT,
    pattern: 'cpf|nif|numero de contribuinte|numero de identidade|numero do rg',
  },
  { kind: 'national_id', languages: IT, pattern: 'codice fiscale|tessera sanitaria|numero di documento' },
  {
    kind: 'id_document',
    languages: FR,
    pattern: "carte d'identite|carte nationale d'identite|piece d'identite|passeport|permis de conduire",
  },
  {
    kind: 'id_document',
    languages: ES,
    pattern: 'dni|pasaporte|documento (?:nacional )?de identidad|carne de conducir|carnet de conducir',
  },
  {
    kind: 'id_document',
    languages: PT,
    pattern: 'rg|documento de identidade|passaporte|carteira de (?:identidade|motorista)|cnh',
  },
  { kind: 'id_document', languages: IT, pattern: "carta d'identita|documento d'identita|passaporto|patente" },
  { kind: 'password', languages: FR, pattern: 'mots? de passe|identifiants' },
  { kind: 'password', languages: ES, pattern: 'contrasenas?|clave de acceso' },
  { kind: 'password', languages: PT, pattern: 'senhas?' },
  { kind: 'password', languages: IT, pattern: 'password|credenziali' },
  { kind: 'pin', languages: FR, pattern: 'code confidentiel' },
  {
    kind: 'one_time_code',
    languages: FR,
    pattern:
      'code (?:de verification|de confirmation|de securite|sms|recu(?: par sms)?|que vous avez recu|envoye par sms)',
  },
  {
    kind: 'one_time_code',
    languages: ES,
    pattern:
      'codigo (?:de verificacion|de confirmacion|sms|que te (?:llego|enviamos|hemos enviado)|recibido)',
  },
  {
    kind: 'one_time_code',
    languages: PT,
    pattern: 'codigo (?:de verificacao|de confirmacao|sms|que (?:voce )?recebeu|recebido|enviado por sms)',
  },
  {
    kind: 'one_time_code',
    languages: IT,
    pattern: 'codice (?:di verifica|di conferma|sms|otp|che hai ricevuto|ricevuto)',
  },
];

type Cue = 'request' | 'negation' | 'partial' | 'elsewhere';
// "send" asks only when the customer is to send: "may we send you security codes" is the business offering them.
const cues: PhraseRule<Cue>[] = [
  {
    kind: 'request',
    languages: EN,
    pattern:
      "please|pls|kindly|reply|respond|send(?! you\\b)|share|provide|tell (?:us|me)|give (?:us|me)|enter|type|fill in|confirm|upload|submit|attach|forward|what(?:'s| is| are)|(?:we|i) (?:need|require)|(?:could|can|would|will) you|let (?:us|me) know|text us|dm us",
  },
  {
    kind: 'request',
    languages: NL,
    pattern:
      'stuur|stuurt|verstuur|graag|deel|geef|vul|wat (?:is|zijn)|doorgeven|doorgeeft|(?:ontvangen|hebben|krijgen) (?:we|wij)|noem|upload|typ|tik|bevestig|laat (?:ons|me) weten|wil (?:je|jij|u)|kun (?:je|jij)|kunt u|mogen (?:we|wij)|antwoord|reageer',
  },
  {
    kind: 'request',
    languages: DE,
    pattern:
      'bitte|senden|schicken|teilen|nennen|geben|antworten|wie lautet|mitteilen|benotigen|brauchen|hochladen|eingeben|ubermitteln|ubersenden|bestatigen|konnen sie|wurden sie|tippen|schreiben sie',
  },
  {
    kind: 'request',
    languages: FR,
    pattern:
      "merci de|veuillez|envoyez|envoyer|indiquez|indiquer|communiquez|communiquer|transmettez|transmettre|donnez|donner|repondez|fournissez|partagez|saisissez|tapez|quel est|quelle est|pouvez-vous|pourriez-vous|s'il vous plait|svp",
  },
  {
    kind: 'request',
    languages: ES,
    pattern:
      'por favor|envia\\p{L}*|envie\\p{L}*|manda\\p{L}*|indica\\p{L}*|facilita\\p{L}*|comparte\\p{L}*|dinos|dime|responde|reenvia\\p{L}*|cual es|puedes|podrias|introduce|escribe|proporciona\\p{L}*',
  },
  {
    kind: 'request',
    languages: PT,
    pattern:
      'por favor|envie|envia|mande|manda|informe|informa|passar|passe|pode nos|compartilhe|nos diga|diga|responda|qual e|poderia|digite|forneca|encaminhe',
  },
  {
    kind: 'request',
    languages: IT,
    pattern:
      'per favore|invia\\p{L}*|manda\\p{L}*|indica\\p{L}*|comunica\\p{L}*|condividi|dicci|dimmi|rispondi|inoltra\\p{L}*|qual e|puoi|potresti|inserisci|fornisci|digita',
  },
  { kind: 'negation', languages: EN, pattern: "never|not|don'?t|won'?t|no one|nobody" },
  { kind: 'negation', languages: FR, pattern: "jamais|ne|n'|pas|personne|aucun" },
  { kind: 'negation', languages: ES, pattern: 'nunca|no|nadie|jamas' },
  { kind: 'negation', languages: PT, pattern: 'nunca|nao|ninguem|jamais' },
  { kind: 'negation', languages: IT, pattern: 'non|mai|nessuno' },
  {
    kind: 'elsewhere',
    languages: FR,
    pattern:
      "sur le (?:terminal|tpe)|au (?:terminal|distributeur)|dans (?:l'application|l'appli|notre application)",
  },
  {
    kind: 'elsewhere',
    languages: ES,
    pattern: 'en el (?:datafono|cajero|terminal)|en (?:la|nuestra) (?:app|aplicacion)',
  },
  { kind: 'elsewhere', languages: PT, pattern: 'na maquininha|no (?:caixa|terminal|aplicativo|app)' },
  { kind: 'elsewhere', languages: IT, pattern: "sul pos|al pos|al bancomat|sul terminale|nell'app" },
  {
    kind: 'partial',
    languages: FR,
    pattern: '(?:\\d|quatre|_var_) derniers chiffres|derniers (?:\\d|quatre|_var_) chiffres|se terminant par',
  },
  {
    kind: 'partial',
    languages: ES,
    pattern: '(?:\\d|cuatro|_var_) ultimos digitos|ultimos (?:\\d|cuatro|_var_) digitos|terminada en',
  },
  {
    kind: 'partial',
    languages: PT,
    pattern: '(?:\\d|quatro|_var_) ultimos digitos|ultimos (?:\\d|quatro|_var_) digitos|final',
  },
  { kind: 'partial', languages: IT, pattern: 'ultime (?:\\d|quattro|_var_) cifre|che termina con' },
  { kind: 'negation', languages: NL, pattern: 'nooit|niet|geen|niemand' },
  { kind: 'negation', languages: DE, pattern: 'niemals|nie|nicht|kein(?:e|en|er|em)?|niemand(?:em)?' },
  // Entering a PIN at a terminal or in our app is not sharing it with the business in the chat.
  {
    kind: 'elsewhere',
    languages: EN,
    pattern: 'at the (?:terminal|atm|cash machine|card reader|pin pad|counter)|in (?:the|our) app',
  },
  {
    kind: 'elsewhere',
    languages: NL,
    pattern: 'bij de (?:kassa|automaat|pinautomaat|betaalautomaat|balie)|in (?:de|onze) app',
  },
  {
    kind: 'elsewhere',
    languages: DE,
    pattern: '(?:am|im) (?:terminal|automaten|kartenleser|geldautomaten)|an der kasse|in (?:der|unserer) app',
  },
  {
    kind: 'partial',
    languages: EN,
    pattern:
      '(?:last|final|first) (?:\\d|four|two|three|_var_) (?:digits|numbers|characters)|ending (?:in|with)',
  },
  {
    kind: 'partial',
    languages: NL,
    pattern: '(?:laatste|eerste) (?:\\d|vier|twee|drie|_var_) (?:cijfers|nummers|tekens)|eindigend op',
  },
  {
    kind: 'partial',
    languages: DE,
    pattern: '(?:letzten|ersten) (?:\\d|vier|zwei|drei|_var_) (?:ziffern|stellen|zeichen)|endziffern|endung',
  },
];

const compiledObjects = compileRules(objects);
const compiledCues = compileRules(cues);

/** Kinds a "last 4 digits" request makes harmless; a CVV or password is never partial. */
const partialable: ReadonlySet<SensitiveKind> = new Set([
  'card_number',
  'bank_account',
  'iban',
  'national_id',
]);

// A value right after the object (our IBAN, a number, a variable) means we are giving it, not asking.
const VALUE_AFTER = /^\s*[:#]?\s*(?:[a-z]{2}\d{2}|\d{4,}|_var_)/u;
// Dutch "ons" is also "us" ("geef ons de pincode"), so it counts only right before the object.
const OURS_BEFORE =
  /(?:^|[^\p{L}])(?:(?:our|onze|unser(?:e|en|em|er)?|notre|nos|nuestr[oa]s?|noss[oa]s?|nostr[oa])\s+(?:\p{L}+\s+)?|ons\s+)$/u;

/**
 * Finds requests for sensitive data in a template or message text. Pure; never throws.
 * `language` narrows the phrase lists (NL and DE texts also get the English ones); without it, all are tried.
 */
export function detectSensitiveDataRequest(text: string, language?: DetectorLanguage): SensitiveVerdict {
  if (typeof text !== 'string' || text === '') return { found: false, findings: [] };
  const n = normaliseForMatching(text);
  const langs = languagesFor(language);
  const findings: SensitiveFinding[] = [];
  for (const sentence of sentencesOf(n.text)) {
    const body = n.text.slice(sentence.start, sentence.end);
    const found = matchRules(body, compiledObjects, langs);
    if (found.length === 0) continue;
    const cueMatches = matchRules(body, compiledCues, langs);
    if (!cueMatches.some((c) => c.kind === 'request')) continue;
    // German puts "nicht" after the object ("geben Sie Ihre PIN nicht weiter"): any negation in the sentence counts.
    if (cueMatches.some((c) => c.kind === 'negation' || c.kind === 'elsewhere')) continue;
    const partial = cueMatches.some((c) => c.kind === 'partial');
    for (const o of found) {
      if (partial && partialable.has(o.kind)) continue;
      if (VALUE_AFTER.test(body.slice(o.end, o.end + 12))) continue;
      if (OURS_BEFORE.test(body.slice(Math.max(0, o.start - 30), o.start))) continue;
      findings.push({
        kind: o.kind,
        ...originalSpan(text, n, sentence.start + o.start, sentence.start + o.end),
      });
      if (findings.length >= 20) return { found: true, findings };
    }
  }
  return { found: findings.length > 0, findings };
}

const kindLabel: Record<SensitiveKind, string> = {
  card_number: 'a full card number',
  cvv: 'a card security code (CVV/CVC)',
  bank_account: 'a bank account number',
  iban: 'an IBAN',
  national_id: 'a national ID number',
  id_document: 'an identity document',
  password: 'a password',
  pin: 'a PIN',
  one_time_code: 'a one-time code',
};

/** A sentence for people: what the text asks for and why it may not (meta-rules.md#sensitive-data). */
export function explainSensitiveData(verdict: SensitiveVerdict): string {
  if (!verdict.found) return 'No request for sensitive data found.';
  const parts = verdict.findings.slice(0, 5).map((f) => `${kindLabel[f.kind]} ("${f.phrase}")`);
  return `This asks the customer for ${parts.join(', ')}. WhatsApp forbids requesting full card or account numbers, national IDs, passwords and similar identifiers; asking for the last 4 digits is allowed.`;
}
