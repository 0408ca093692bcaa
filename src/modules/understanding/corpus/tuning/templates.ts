// Tuning parts for the template detectors (marketing wording, sensitive-data requests) and the example FAQ.
// EN, NL and DE come from the detectors' original corpus (detector-corpus.ts); FR and ES marketing sentences and the
// FAQ questions were written with the issue that added those languages.
import { parseCorpus, type LabelledSentence } from '../format.ts';
import { detectorCorpus } from './detector-corpus.ts';

const fromDetectorCorpus = (label: 'marketing' | 'sensitive'): LabelledSentence[] =>
  detectorCorpus.map((e) => ({ text: e.text, language: e.language, positive: e[label], hard: false }));

export const marketingTuning: LabelledSentence[] = [
  ...fromDetectorCorpus('marketing'),
  ...parseCorpus(`
# en
+ Thanks for your order! Add a pastry to your pickup for just €2.
+ Buy one sandwich, get a second one half price all week.
+ Your booking is confirmed. Upgrade to the premium seats for only $15 more.
- Your order total is €42.10, including €3.95 delivery.
- Your refund of €19.99 has been processed.
# nl
+ Bestelling ontvangen! Voeg een croissant toe voor maar €1,50.
+ 3 voor de prijs van 2 op alle thee, alleen deze week.
- Het totaalbedrag van je bestelling is €42,10 inclusief bezorging.
- Je terugbetaling van €19,99 is verwerkt.
# de
+ Danke für Ihre Bestellung! Ein Croissant dazu für nur 1,50 €?
+ Kaufe 3, zahle 2 auf alle Tees – nur diese Woche.
- Der Gesamtbetrag Ihrer Bestellung beträgt 42,10 € inklusive Versand.
- Ihre Erstattung über 19,99 € wurde bearbeitet.
# fr
+ Profitez de 20 % de réduction sur toute la boutique ce week-end.
+ Merci pour votre commande ! Ajoutez un croissant pour seulement 1,50 €.
+ Dernière chance : les soldes se terminent ce soir.
+ Utilisez le code BIENVENUE pour obtenir 10 % de remise.
+ Nouvelle collection disponible, découvrez-la vite en boutique.
+ Participez à notre jeu concours et gagnez un an de café.
+ 3 thés achetés = 1 offert, jusqu'à dimanche.
+ Les clients qui ont acheté ce moulin ont aussi aimé nos filtres.
- Votre commande {{1}} a été expédiée et arrivera le {{2}}.
- Le montant total de votre commande est de 42,10 €, livraison comprise.
- Votre remboursement de 19,99 € a été effectué.
- Votre rendez-vous est confirmé pour le {{1}} à {{2}}.
- Votre facture {{1}} est disponible dans votre espace client.
- Votre code de réduction a été appliqué à la commande {{1}}.
- Votre colis est disponible au point relais {{1}}.
- Votre abonnement sera renouvelé le {{1}} au tarif habituel.
# es
+ Disfruta de un 20 % de descuento en toda la tienda este fin de semana.
+ ¡Gracias por tu pedido! Añade un cruasán por solo 1,50 €.
+ Última oportunidad: las rebajas terminan esta noche.
+ Usa el código BIENVENIDA y obtén un 10 % de descuento.
+ Nueva colección disponible, ¡descúbrela ya!
+ Participa en nuestro sorteo y gana un año de café.
+ 2x1 en todos los tés hasta el domingo.
+ Quienes compraron este molinillo también se llevaron nuestros filtros.
- Tu pedido {{1}} ha sido enviado y llegará el {{2}}.
- El importe total de tu pedido es de 42,10 €, envío incluido.
- Tu reembolso de 19,99 € se ha realizado.
- Tu cita está confirmada para el {{1}} a las {{2}}.
- Tu factura {{1}} está disponible en tu área de cliente.
- Tu código de descuento se aplicó al pedido {{1}}.
- Tu paquete está disponible en el punto de recogida {{1}}.
- Tu suscripción se renovará el {{1}} con la tarifa habitual.
`),
];

export const sensitiveDataTuning: LabelledSentence[] = fromDetectorCorpus('sensitive');

export const faqHoursTuning = parseCorpus(`
# en
+ what are your opening hours?
+ are you open today
+ when do you close?
+ opening hours
- where is my order
- do you have decaf?
- I want to talk to someone
# nl
+ wat zijn jullie openingstijden?
+ zijn jullie vandaag open
+ wanneer sluiten jullie?
+ openingstijden
- waar is mijn bestelling
- hebben jullie cafeïnevrij?
- ik wil iemand spreken
`);
