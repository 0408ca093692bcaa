// Multilingual concept groups: words of the seven languages that mean the same thing for an intent ("message",
// "bericht", "Nachricht", "mensaje", ...) share one feature, so what the classifier learns from a Dutch sentence
// also counts for a Portuguese one. The groups say what words mean; how much each weighs is learned from the corpus.
//
// An entry is a folded word; a trailing `*` matches any word that starts with it ("nachricht*" matches "nachrichten").

const groups: Record<string, readonly string[]> = {
  // Stopping and leaving.
  STOP: [
    'stop*', 'stopp*', 'quit', 'cease', 'halt', 'ophouden', 'hou', 'houd', 'kappen', 'aufhor*', 'hort', 'hoert',
    'schluss', 'arret*', 'cess*', 'parar', 'paren', 'para', 'pare', 'parem', 'dejen', 'deja', 'dejad', 'dejar',
    'smett*', 'basta', 'chega', 'enough', 'genoeg', 'genug', 'assez', 'fini', 'finito', 'finitela', 'acabo', 'einstell*',
  ],
  UNSUBSCRIBE: [
    'unsubscri*', 'unsubscibe', 'optout', 'opt', 'afmeld*', 'uitschrijv*', 'uitschrijf', 'abmeld*', 'abbestell*',
    'austrag*', 'desabon*', 'desinscri*', 'desincri*', 'baja', 'desuscri*', 'descadastr*', 'disiscri*', 'disicri*',
    'iscrizione', 'sair', 'signed', 'subscribed', 'aangemeld', 'angemeld', 'inscrit', 'suscribi', 'cadastrei', 'iscritto',
  ],
  REMOVE: [
    'remove*', 'delete*', 'take', 'verwijder*', 'haal', 'haalt', 'eraf', 'vanaf', 'losch*', 'loescht', 'entfern*',
    'streich*', 'nehmt', 'nehmen', 'supprim*', 'retir*', 'enlev*', 'borr*', 'quit*', 'saque*', 'saca*', 'elimin*',
    'remov*', 'apag*', 'tir*', 'cancell*', 'cancela*', 'togli*', 'lev*', 'raus', 'out', 'off',
  ],
  MESSAGE: [
    'messag*', 'msg*', 'msging', 'text*', 'whatsapp*', 'sms', 'bericht*', 'appen', 'app', 'appjes', 'nachricht*',
    'mensaj*', 'mensag*', 'messagg*', 'notification*', 'notificati*', 'newsletter', 'spam*', 'mail*',
  ],
  CONTACT: [
    'send*', 'sent', 'contact*', 'writ*', 'messaging', 'texting', 'stur*', 'stuur', 'schrijv*', 'benader*', 'schick*',
    'schreib*', 'anschreib*', 'angeschrieben', 'kontaktiert', 'envoy*', 'ecri*', 'contacte', 'envi*', 'mand*', 'escrib*',
    'escrev*', 'scriv*', 'invi*', 'receiv*', 'ontvang*', 'erhalt*', 'bekomm*', 'recev*', 'recib*', 'receb*', 'ricev*',
    'hear', 'horen', 'sapere', 'saber',
  ],
  PROMOTION: [
    'promo*', 'offer*', 'deal*', 'advert*', 'ads', 'reclame', 'aanbieding*', 'acties', 'werbung', 'angebot*', 'pub',
    'publicit*', 'offre*', 'oferta*', 'publicidad', 'propaganda', 'offert*', 'pubblicita', 'marketing',
  ],
  LIST: ['list', 'lijst', 'liste', 'lista', 'verteiler', 'bestand', 'mailing', 'diffusion', 'difusion', 'transmissao'],
  NUMBER: ['number', 'nummer', 'numero', 'contact'],
  ALONE: ['alone', 'rust', 'ruhe', 'tranquille*', 'tranquilo', 'paz', 'pace', 'stare', 'stilte'],
  MORE: ['more', 'anymore', 'longer', 'again', 'meer', 'mehr', 'plus', 'mas', 'mais', 'piu', 'nog'],
  WANT: [
    'want', 'wish', 'like', 'wil', 'willen', 'wilt', 'will', 'mocht*', 'moecht*', 'veux', 'veut', 'souhait*', 'voudrais',
    'quiero', 'quero', 'voglio', 'vorrei', 'hoef', 'brauch*', 'need', 'interes*',
  ],
  // What a shop's customer may want stopped that is not our messages: an order, a delivery, a payment, a booking.
  TRANSACTION: [
    'order*', 'deliver*', 'payment*', 'charge*', 'appointment*', 'booking*', 'parcel', 'package', 'bestelling*',
    'bezorging', 'levering', 'betaling*', 'afschrijving', 'afspraak', 'pakket', 'bestellung*', 'lieferung*',
    'zahlung*', 'abbuchung', 'termin*', 'paket*', 'commande*', 'livraison*', 'paiement*', 'prelevement*', 'colis',
    'pedido*', 'entrega*', 'pago*', 'cobro*', 'cita', 'paquete*', 'encomenda*', 'pagamento*', 'cobranca*', 'pacote*',
    'ordine*', 'consegna*', 'addebit*', 'appuntament*', 'pacco', 'sale', 'promotion', 'actie', 'aktion', 'soldes',
    'rebajas', 'saldi', 'liquidacao', 'uitverkoop', 'ausverkauf', 'bus', 'tram', 'autobus', 'onibus',
  ],
  // Asking for a person.
  PERSON: [
    'person*', 'human*', 'mens', 'mensch*', 'humain*', 'humano*', 'umano', 'umani', 'persoon', 'personne', 'pessoa*',
    'someone', 'somebody', 'anyone', 'anybody', 'iemand', 'jemand*', 'quelqu*', 'alguien', 'alguem', 'qualcuno',
    'being', 'menselijk*', 'menschlich*',
  ],
  AGENT: [
    'agent*', 'agnet', 'ajente', 'operat*', 'operad*', 'represent*', 'staff', 'employee*', 'colleague*', 'manager',
    'medewerk*', 'medewrker', 'werknemer*', 'collega*', 'mitarbeit*', 'mitarbiet*', 'berater*', 'kundenberat*',
    'kolleg*', 'chef', 'conseill*', 'collaborat*', 'employe*', 'responsable', 'asesor*', 'empleado*', 'encargad*',
    'companer*', 'atendent*', 'atendend*', 'funcionari*', 'gerente', 'colega*', 'operator*', 'consulent*', 'addett*',
    'dipendent*', 'responsabil*', 'assistent*', 'support', 'team', 'equipe', 'equipo',
  ],
  SERVICE: [
    'service', 'servicio', 'servizio', 'servico', 'klantenservice', 'klantendienst', 'kundenservice', 'kundendienst',
    'clientele', 'atencion', 'atendimento', 'assistenza', 'suporte', 'soporte', 'helpdesk', 'support',
  ],
  TALK: [
    'talk*', 'speak*', 'chat*', 'praten', 'spreken', 'spreek', 'sprech*', 'red*', 'parl*', 'habl*', 'fal*', 'aan',
    'lijn', 'call*', 'bell*', 'anruf*', 'zuruckruf*', 'appel*', 'rappel*', 'llam*', 'lig*', 'chiam*', 'richiam*',
  ],
  CONNECT: [
    'connect*', 'transfer*', 'put', 'through', 'verbind*', 'doorverbind*', 'weiterleit*', 'weitergeb*', 'weiterverbind*',
    'pass*', 'relation', 'contatto', 'comunica*', 'conect*', 'collega*', 'transfier*', 'transfere', 'trasferisc*',
    'mettimi', 'mettez', 'chama', 'reach', 'get', 'give', 'geef', 'gib', 'donnez', 'dame', 'da', 'dammi',
  ],
  REAL: ['real', 'echt*', 'vrai*', 'verdad', 'verdade', 'vero', 'vera', 'reale', 'live', 'actual*', 'wirklich*'],
  BOT: ['bot', 'robot*', 'robo', 'roboter', 'automat*', 'machine'],
  HELP: ['help*', 'helpen', 'hulp', 'helf*', 'hilf*', 'hilfe', 'aid*', 'ayud*', 'ajud*', 'aiut*'],
  REPORTED: [
    'said', 'told', 'was', 'were', 'zei', 'zegt', 'gezegd', 'sprak', 'gesagt', 'sagte', 'meinte', 'war', 'dit', 'etait',
    'dijo', 'fue', 'disse', 'foi', 'detto', 'stato', 'gesproken', 'gesprochen', 'parle', 'hable', 'falei', 'parlato',
    'yesterday', 'gisteren', 'gestern', 'hier', 'ayer', 'ontem', 'ieri',
  ],
};

const exact = new Map<string, string[]>();
const prefixes: { prefix: string; group: string }[] = [];
for (const [group, words] of Object.entries(groups))
  for (const w of words) {
    if (w.endsWith('*')) prefixes.push({ prefix: w.slice(0, -1), group });
    else exact.set(w, [...(exact.get(w) ?? []), group]);
  }

/** The concept groups a folded word belongs to (none for most words). */
export function conceptsOf(word: string): string[] {
  const out = new Set(exact.get(word) ?? []);
  for (const p of prefixes) if (word.startsWith(p.prefix)) out.add(p.group);
  return [...out];
}
