// Marketing-language detector for UTILITY templates (EN, NL, DE): finds promotional wording and explains it.
//
// Why: utility templates must be non-promotional; mixed content is marketing, and since 9 Apr 2025 Meta
// approves a promotional "utility" template as MARKETING, which is billed as such (docs/meta-rules.md#template-categories).
// Telling the author before submission avoids a surprise category and price.
//
// How it decides: each phrase has a weight. Strong signals (a percentage off, "shop now", "last chance",
// "you might also like", a contest) weigh 1; weak ones that also occur in honest utility wording (a
// coupon or discount code being mentioned, "free", "buy", "discover", "temporarily") weigh 0.5.
// A text is marketing at a score of 1 or more: one strong signal, or two weak ones.
// So "your discount code was applied to order {{1}}" (one weak signal) stays utility: it confirms a
// transaction the customer made. "Use code X for 10% off" (weak + strong) is marketing.
import {
  NUM,
  compileRules,
  languagesFor,
  matchRules,
  normaliseForMatching,
  originalSpan,
  type DetectorLanguage,
  type PhraseRule,
} from './detector-text.ts';

export type MarketingKind =
  | 'discount'
  | 'coupon'
  | 'free_offer'
  | 'upsell'
  | 'urgency'
  | 'call_to_buy'
  | 'new_arrival'
  | 'contest'
  | 'bundle'
  | 'loyalty';

export type MarketingFinding = { kind: MarketingKind; phrase: string; index: number };

export type MarketingVerdict = {
  isMarketing: boolean;
  /** Sum of the weights of what was found; 1 or more is marketing. */
  score: number;
  findings: MarketingFinding[];
  suggestion?: 'MARKETING';
};

export const marketingThreshold = 1;

const WEAK = 0.5;
const EN = ['en'] as const;
const NL = ['nl'] as const;
const DE = ['de'] as const;
const FR = ['fr'] as const;
const ES = ['es'] as const;
// A price, with its currency on either side: "€5", "5 euros", "$20", "50 cents".
const PRICE = `(?:(?:€|\\$|£) ?${NUM}|${NUM} ?(?:€|\\$|£|euros?|eur|dollars?|pounds?|cents?|centimes?|centimos?|ct))`;

const rules: PhraseRule<MarketingKind>[] = [
  // Discounts and sales.
  { kind: 'discount', languages: EN, pattern: `${NUM} ?(?:%|percent|per cent) (?:off|discount)` },
  { kind: 'discount', languages: EN, pattern: `(?:save|get|take|enjoy) (?:up to )?${NUM} ?(?:%|percent)` },
  { kind: 'discount', languages: EN, pattern: `(?:save|get|take|enjoy) (?:up to )?(?:€|\\$|£)${NUM}` },
  {
    kind: 'discount',
    languages: EN,
    pattern: `(?:summer |winter |spring |autumn |black friday |flash |big |end of season )?sale`,
  },
  {
    kind: 'discount',
    languages: EN,
    pattern: 'discounts?(?! codes?)|special offers?|deals? of the (?:day|week)',
  },
  { kind: 'discount', languages: EN, pattern: `${NUM} (?:months?|weeks?) for the price of ${NUM}` },
  { kind: 'discount', languages: EN, pattern: 'buy one,? get one|bogo|half price|clearance' },
  { kind: 'discount', languages: NL, pattern: `${NUM} ?% (?:korting|goedkoper)` },
  {
    kind: 'discount',
    languages: NL,
    pattern: 'korting|uitverkoop|opruiming|aanbieding(?:en)?|actieprijs|stunt(?:prijs|prijzen)?',
  },
  {
    kind: 'discount',
    languages: NL,
    pattern: `${NUM} ?\\+ ?${NUM} gratis|${NUM} halen,? ${NUM} betalen|halve prijs`,
  },
  { kind: 'discount', languages: DE, pattern: `${NUM} ?% (?:rabatt|reduziert|gunstiger|sparen)` },
  { kind: 'discount', languages: DE, pattern: `sparen sie ${NUM} ?%|(?:bis zu )?${NUM} ?% reduziert` },
  {
    kind: 'discount',
    languages: DE,
    pattern:
      'rabatt|\\p{L}*schlussverkauf|ausverkauf|sonderangebot(?:e)?|angebot des tages|reduziert|preisnachlass',
  },
  // Coupons and promo codes: weak, because confirming an applied code is utility.
  {
    kind: 'coupon',
    languages: EN,
    pattern: '(?:promo|promotion|promotional|discount|coupon|voucher|gift) codes?|coupons?|vouchers?',
    weight: WEAK,
  },
  {
    kind: 'coupon',
    languages: NL,
    pattern:
      '(?:kortings|actie|promo|kado|cadeau)codes?|kortingsbon(?:nen)?|waardebon(?:nen)?|cadeaubon(?:nen)?',
    weight: WEAK,
  },
  {
    kind: 'coupon',
    languages: DE,
    pattern: '(?:gutschein|rabatt|aktions|promo)codes?|gutschein(?:e|en)?',
    weight: WEAK,
  },
  // Free samples and gifts.
  {
    kind: 'free_offer',
    languages: EN,
    pattern: `free (?:samples?|gifts?|shipping|delivery|items?|months?|bonus)|${NUM} (?:months?|weeks?) free|(?:get|receive|claim) (?:a |your |one )?(?:\\p{L}+ )?free`,
  },
  {
    kind: 'free_offer',
    languages: NL,
    pattern:
      'gratis (?:proef\\p{L}*|monsters?|cadeau(?:tje)?s?|verzending|bezorging|verzonden)|(?:eerste|1e) maand gratis|(?:maand|maanden) gratis|(?:proef|welkomst)cadeau',
  },
  {
    kind: 'free_offer',
    languages: DE,
    pattern: `(?:gratis|kostenlose?[nrs]?) (?:probe\\p{L}*|geschenk\\p{L}*|versand|lieferung|zugabe)|${NUM} (?:monate?|wochen?) gratis|\\p{L}+ monate gratis|gratisprobe|werbegeschenk`,
  },
  // "feel free", "toll-free", "free of charge" and the like are everyday service wording.
  {
    kind: 'free_offer',
    languages: EN,
    pattern: '(?<!feel |toll[- ]|hands[- ]|gluten[- ]|sugar[- ]|hassle[- ]|error[- ])free(?! of charge)',
    weight: WEAK,
  },
  { kind: 'free_offer', languages: NL, pattern: 'gratis', weight: WEAK },
  { kind: 'free_offer', languages: DE, pattern: 'gratis|kostenlos(?:e[nrs]?)?', weight: WEAK },
  // Upselling and cross-selling.
  {
    kind: 'upsell',
    languages: EN,
    pattern:
      "you (?:might|may|will|'ll) (?:also )?(?:like|love|enjoy)|(?:might|may) (?:also )?interest you|complete (?:your|the) look|customers who bought|(?:upgrade|switch) (?:now|today)|upgrade to|recommended for you|pairs? (?:perfectly )?with",
  },
  {
    kind: 'upsell',
    languages: NL,
    pattern:
      '(?:misschien )?vind (?:je|jij|u) (?:dit|dat|deze|het) ook leuk|(?:ook )?interessant voor (?:je|jou|u)|upgrade (?:nu|vandaag)|(?:nu|vandaag) upgraden|maak (?:je|uw) look compleet|aanbevolen voor (?:je|jou|u)',
  },
  {
    kind: 'upsell',
    languages: DE,
    pattern:
      '(?:das|dies|diese[sr]?) (?:konnte|durfte) (?:ihnen|dir|euch) (?:auch )?gefallen|(?:jetzt|heute) upgraden|upgraden sie|passend dazu|kunden kauften auch|empfehlungen fur sie',
  },
  // Urgency.
  {
    kind: 'urgency',
    languages: EN,
    pattern:
      "limited[- ]time|(?:only|just) today|today only|hurry(?: up)?|last chance|while (?:stocks?|supplies) lasts?|don'?t miss(?: out)?|ends (?:tonight|soon|at midnight|today)|(?:almost|nearly) sold out|selling fast|act (?:now|fast)|before it'?s gone|final hours|only \\d+ left",
  },
  {
    kind: 'urgency',
    languages: NL,
    pattern:
      'alleen vandaag|(?:nog )?maar (?:even|kort)|wees er snel bij|op ?= ?op|laatste kans|zolang de voorraad strekt|bijna uitverkocht|mis het niet|loopt (?:vandaag|morgen|binnenkort) af|snel zijn|alleen deze week',
  },
  { kind: 'urgency', languages: NL, pattern: 'tijdelijk', weight: WEAK },
  {
    kind: 'urgency',
    languages: DE,
    pattern:
      'nur (?:noch )?heute|letzte chance|nur (?:fur )?kurze zeit|solange der vorrat reicht|zeitlich begrenzt|nicht verpassen|alles muss raus|(?:fast|bald) ausverkauft|schnell sein|nur diese woche',
  },
  // Calls to buy.
  {
    kind: 'call_to_buy',
    languages: EN,
    pattern:
      '(?:shop|order|buy|book|get yours|grab yours|subscribe) (?:now|today)|shop (?:the|our)|add (?:it )?to (?:your )?(?:cart|basket) now|check out our|visit our (?:store|shop)',
  },
  { kind: 'call_to_buy', languages: EN, pattern: 'buy', weight: WEAK },
  {
    kind: 'call_to_buy',
    languages: NL,
    pattern:
      '(?:shop|bestel|koop|boek) (?:nu|vandaag|snel)|(?:nu|vandaag) (?:bestellen|kopen|shoppen|boeken)|bekijk (?:ons|onze) (?:aanbod|collectie|assortiment)',
  },
  {
    kind: 'call_to_buy',
    languages: DE,
    pattern:
      '(?:jetzt|heute) (?:shoppen|kaufen|bestellen|buchen|zuschlagen|sichern)|bestellen sie (?:jetzt|heute|gleich)|kaufen sie (?:jetzt|heute)|sichern sie sich',
  },
  // New arrivals and launches.
  {
    kind: 'new_arrival',
    languages: EN,
    pattern:
      'new arrivals?|just (?:landed|arrived|launched|dropped)|(?:new|latest) (?:collection|range|season)|introducing|brand[- ]new|now in stores?',
  },
  { kind: 'new_arrival', languages: EN, pattern: 'discover|collection|launch(?:es|ed)?', weight: WEAK },
  {
    kind: 'new_arrival',
    languages: NL,
    pattern:
      '(?:nieuw|net|vers) binnen|nieuwe (?:collectie|\\p{L}*collectie)|\\p{L}+collectie is (?:er|binnen)|nu verkrijgbaar|gloednieuwe?',
  },
  { kind: 'new_arrival', languages: NL, pattern: 'ontdek|\\p{L}*collectie', weight: WEAK },
  {
    kind: 'new_arrival',
    languages: DE,
    pattern: 'neu eingetroffen|neu im sortiment|neue (?:\\p{L}*kollektion|saison)|jetzt neu|brandneue?[nrs]?',
  },
  { kind: 'new_arrival', languages: DE, pattern: 'entdecken|\\p{L}*kollektion', weight: WEAK },
  // Contests.
  {
    kind: 'contest',
    languages: EN,
    pattern:
      'contests?|giveaways?|sweepstakes?|competition|(?:chance to |and )win|win an? |raffle|prize draw',
  },
  {
    kind: 'contest',
    languages: NL,
    pattern: 'winactie|prijsvraag|maak (?:kans|een kans)|win (?:een|de)|winnaar|verloting',
  },
  {
    kind: 'contest',
    languages: DE,
    pattern: 'gewinnspiel|verlosung|gewinnen sie|gewinne (?:ein|eine|einen)|preisausschreiben',
  },
];

// Upselling with a price ("add a second mug for only €5"), bundles and multi-buys, loyalty and referral offers,
// and the French and Spanish rule sets.
rules.push(
  {
    kind: 'upsell',
    languages: EN,
    pattern: `(?:for )?(?:only|just) ${PRICE}(?: (?:more|extra))?|${PRICE} (?:more|extra)`,
  },
  {
    kind: 'upsell',
    languages: EN,
    pattern: 'also (?:loved|liked|bought|enjoyed)|treat yourself|matching \\p{L}+|upgrade',
    weight: WEAK,
  },
  { kind: 'upsell', languages: EN, pattern: 'treat yourself|(?:customers|people) who bought' },
  {
    kind: 'bundle',
    languages: EN,
    pattern: `bundle(?: and save)?|buy ${NUM}(?: \\p{L}+){0,4},? (?:and )?get (?:the |a |one )?(?:\\p{L}+ )?(?:\\p{L}+ )?free|${NUM} for the price of ${NUM}|second (?:\\p{L}+ )?(?:at )?half (?:price|off)|half off|save (?:up to )?(?:${NUM}|one|two|three) (?:months?|weeks?)`,
  },
  {
    kind: 'loyalty',
    languages: EN,
    pattern:
      '(?:double|triple|bonus|extra) points|refer a friend|(?:bring|invite) a friend|on us|on the house|early[- ]bird',
  },
  {
    kind: 'urgency',
    languages: EN,
    pattern: `(?:only )?${NUM} left(?: in stock)?|limited stock|grab yours|reserve yours|before (?:they'?re|it'?s) gone|(?:this )?weekend only|${NUM} hours only|flash (?:deal|sale)|lock in`,
  },
  { kind: 'free_offer', languages: EN, pattern: 'free (?:tote|bag|gift|item|coffee|drink)|unlock a free' },
  {
    kind: 'upsell',
    languages: NL,
    pattern: `(?:voor )?(?:maar|slechts|nu maar) ${PRICE}(?: extra)?|${PRICE} extra|upgrade naar`,
  },
  { kind: 'upsell', languages: NL, pattern: 'klanten die dit kochten|namen ook|erbij\\?', weight: WEAK },
  {
    kind: 'bundle',
    languages: NL,
    pattern: `voordeel(?:bundel|pakket|set)|bundel|tweede (?:\\p{L}+ )?(?:voor )?(?:de )?(?:halve prijs|helft van de prijs)|helft van de prijs|bespaar (?:${NUM}|een|twee|drie) (?:maanden|weken)`,
  },
  {
    kind: 'loyalty',
    languages: NL,
    pattern: '(?:dubbele|extra) punten|neem (?:een vriend|iemand) mee|deel je code|is van ons|van het huis',
  },
  { kind: 'urgency', languages: NL, pattern: `op is op|nog maar ${NUM}|alleen dit weekend|wees snel` },
  { kind: 'free_offer', languages: NL, pattern: 'gratis (?:tas|cadeau|artikel)' },
  {
    kind: 'upsell',
    languages: DE,
    pattern: `(?:fur )?nur ${PRICE}(?: mehr)?|${PRICE} mehr|upgrade auf|kunden, die (?:das|dies) gekauft haben|mochten auch`,
  },
  { kind: 'upsell', languages: DE, pattern: 'passende[rns]? \\p{L}+ dazu|dazu\\?', weight: WEAK },
  {
    kind: 'bundle',
    languages: DE,
    pattern: `zum halben preis|halber preis|im set (?:gunstiger|sparen)|spar-?set|sparpaket|kaufe? ${NUM} (?:\\p{L}+ ){0,3}(?:und )?(?:erhalte|bekomme)|sparen sie (?:${NUM}|zwei|drei|einen) monate?`,
  },
  {
    kind: 'loyalty',
    languages: DE,
    pattern: '(?:doppelte|extra) punkte|freunde werben|begleitung mit|geht auf uns|aufs haus',
  },
  {
    kind: 'urgency',
    languages: DE,
    pattern: `nur noch ${NUM}|schnell zugreifen|dieses wochenende|jetzt reservieren`,
  },
  { kind: 'free_offer', languages: DE, pattern: 'gratis dazu|geschenk gratis|gratis-\\p{L}+' },
  {
    kind: 'discount',
    languages: FR,
    pattern: `${NUM} ?% (?:de )?(?:reduction|remise|rabais)|-${NUM} ?%|${NUM} ?% sur|soldes|promotions?|prix barres?|a moitie prix|offre speciale`,
  },
  {
    kind: 'coupon',
    languages: FR,
    pattern: 'code (?:promo|de reduction|avantage)|bons? de reduction|coupons?',
    weight: WEAK,
  },
  {
    kind: 'free_offer',
    languages: FR,
    pattern: 'cadeau (?:offert|gratuit)|\\p{L}+ offerte?s?|son repas est offert|echantillons? gratuits?',
  },
  { kind: 'free_offer', languages: FR, pattern: 'gratuite?s?|offerte?s?', weight: WEAK },
  {
    kind: 'upsell',
    languages: FR,
    pattern: `(?:pour )?seulement ${PRICE}(?: de plus)?|${PRICE} de plus|les clients qui ont achete|ont aussi aime|vous aimerez aussi|passez (?:a|au) (?:la |le |l')?(?:\\p{L}+ )?(?:annuel|grand|superieur|premium)`,
  },
  { kind: 'upsell', languages: FR, pattern: 'assortie?s?|ajoutez', weight: WEAK },
  {
    kind: 'bundle',
    languages: FR,
    pattern: `pack (?:economique|eco|promo)|lot de ${NUM}|${NUM} achetes? ?=? ?${NUM} offerts?|le deuxieme (?:\\p{L}+ )?a moitie prix|economisez|economiser`,
  },
  {
    kind: 'loyalty',
    languages: FR,
    pattern: 'points doubles|doubles points|parrainez|parrainage|venez avec un ami',
  },
  {
    kind: 'urgency',
    languages: FR,
    pattern: `aujourd'hui seulement|seulement aujourd'hui|ce week-end (?:seulement|uniquement)|plus que ${NUM}|presque epuise|depechez-vous|derniere chance|dans la limite des stocks|offre limitee|des maintenant`,
  },
  {
    kind: 'call_to_buy',
    languages: FR,
    pattern:
      'achetez (?:maintenant|vite)|commandez (?:maintenant|vite)|reservez (?:le votre|la votre|des maintenant)|profitez',
  },
  { kind: 'contest', languages: FR, pattern: 'jeu concours|concours|gagnez|tirage au sort' },
  {
    kind: 'discount',
    languages: ES,
    pattern: `${NUM} ?% de descuento|descuentos?|rebajas|ofertas? especial(?:es)?|(?:a )?mitad de precio|${NUM}x${NUM}|promocion(?:es)?`,
  },
  {
    kind: 'coupon',
    languages: ES,
    pattern: 'cupon(?:es)?|codigo (?:promocional|de descuento)|vales? descuento',
    weight: WEAK,
  },
  {
    kind: 'free_offer',
    languages: ES,
    pattern: 'regalo gratis|te regalamos|de regalo|corre de nuestra cuenta|invita la casa|muestras? gratis',
  },
  { kind: 'free_offer', languages: ES, pattern: 'gratis', weight: WEAK },
  {
    kind: 'upsell',
    languages: ES,
    pattern: `(?:por )?solo ${PRICE}(?: mas)?|${PRICE} mas|quienes compraron|tambien (?:se llevaron|compraron|te gustara)|(?:pasate|cambiate) al`,
  },
  { kind: 'upsell', languages: ES, pattern: 'a juego|anade', weight: WEAK },
  { kind: 'bundle', languages: ES, pattern: 'pack ahorro|segunda unidad|ahorra\\p{L}*' },
  { kind: 'loyalty', languages: ES, pattern: 'puntos dobles|(?:invita|trae) a un amigo' },
  {
    kind: 'urgency',
    languages: ES,
    pattern: `solo hoy|hoy solo|solo este fin de semana|solo quedan ${NUM}|quedan pocas?|casi agotad[oa]|date prisa|ultima oportunidad|hasta agotar existencias|por tiempo limitado`,
  },
  { kind: 'call_to_buy', languages: ES, pattern: 'compra ya|reserva\\p{L}* ya|pide ya|aprovecha' },
  { kind: 'contest', languages: ES, pattern: 'sorteo|concurso|gana un' },
);

const compiled = compileRules(rules);

/**
 * Finds promotional wording in a (utility) template or message text. Pure; never throws.
 * `language` narrows the rules (NL and DE also use the English ones: "sale", "shop now" are common there);
 * without it every language is tried.
 */
export function detectMarketing(text: string, language?: DetectorLanguage): MarketingVerdict {
  if (typeof text !== 'string' || text === '') return { isMarketing: false, score: 0, findings: [] };
  const n = normaliseForMatching(text);
  const matches = matchRules(n.text, compiled, languagesFor(language));
  const findings = matches.map((m) => ({ kind: m.kind, ...originalSpan(text, n, m.start, m.end) }));
  const score = matches.reduce((s, m) => s + m.weight, 0);
  const isMarketing = score >= marketingThreshold;
  return isMarketing
    ? { isMarketing, score, findings, suggestion: 'MARKETING' }
    : { isMarketing, score, findings };
}

const kindLabel: Record<MarketingKind, string> = {
  discount: 'a discount or sale',
  coupon: 'a coupon or promo code',
  free_offer: 'something free',
  upsell: 'an upsell or cross-sell',
  urgency: 'urgency',
  call_to_buy: 'a call to buy',
  new_arrival: 'a new product or launch',
  contest: 'a contest',
  bundle: 'a bundle or multi-buy offer',
  loyalty: 'a loyalty or referral offer',
};

/** A sentence for people: what was found and why that makes the template marketing (meta-rules.md#template-categories). */
export function explainMarketing(verdict: MarketingVerdict): string {
  if (verdict.findings.length === 0) return 'No promotional wording found.';
  const parts = verdict.findings.slice(0, 5).map((f) => `"${f.phrase}" (${kindLabel[f.kind]})`);
  return verdict.isMarketing
    ? `Promotional wording: ${parts.join(', ')}. Utility templates must be non-promotional; Meta will approve this as MARKETING.`
    : `Possibly promotional wording: ${parts.join(', ')}; on its own not enough to make this marketing.`;
}
