// Held-out template texts for marketing wording in UTILITY templates (EN, NL, DE, FR, ES): see corpus/README.md.
import { parseCorpus } from '../format.ts';

export const marketingHeldOut = parseCorpus(`
# en
+ Your order {{1}} is confirmed! Add a second mug to your order for only €5 more.
+ Thanks for booking, {{1}}. Upgrade to a sea-view room tonight for just $20.
+ Buy 2 bags of coffee and get the third one free this week.
+ Your parcel has shipped. Psst: use code THANKS15 for 15% off your next order.
+ Only 3 left in stock at this price — grab yours before they're gone.
+ Hi {{1}}, your cart misses you. Complete your purchase today and we'll add a free tote bag.
+ Order confirmed. Customers who bought this also loved our oat milk — add it with one tap.
+ Your subscription renews on {{1}}. Switch to the annual plan and save 2 months.
+ Flash deal: 24 hours only, all pastries half off.
+ Appointment confirmed for {{1}}. Book a second treatment in the same visit and get 10% off both.
+ Bring a friend on Tuesdays and their meal is on us.
+ Here's your receipt for {{1}}. Don't forget: members get double points this weekend only.
+ Your order is on the way. Want a matching case? Reply YES to add it for €9.99.
+ Bundle and save: get the grinder and the kettle together for €79 instead of €99.
+ Limited stock: our autumn blend is almost sold out. Reserve yours now.
+ Your repair is done. Treat yourself: 20% off all accessories when you pick it up.
+ Thanks for your payment. Refer a friend and you both get €10 credit.
+ Delivery scheduled for {{1}}. Add a bouquet to the delivery for only £4.
+ Your loyalty card has {{1}} stamps. Spend €20 more this month and unlock a free gift.
+ Reminder: your trial ends soon — subscribe before Friday and lock in the early-bird price.
! Your order {{1}} is confirmed. Total: €24.50, paid by card.
! We've refunded €12.99 to your original payment method for order {{1}}.
! Your invoice of €89.00 is due on {{1}}. Pay online at the link below.
! The repair of your device is covered by warranty, so there is no charge.
! Your coupon was applied: you paid €18.00 instead of €20.00 for order {{1}}.
! We could not charge your card for the subscription fee of €9.99. Please update your payment details in your account.
! Your booking {{1}} has been cancelled and the deposit of €50 will be returned within 5 days.
! Price change notice: from {{1}} your monthly plan costs €12 instead of €10, as described in our terms.
! Your gift card balance is €15.40.
! The free replacement part for your order {{1}} has been shipped.
! Your order {{1}} of 2 items (€36.00) has been packed.
- Your parcel {{1}} will be delivered tomorrow between 10:00 and 12:00.
- Your appointment on {{1}} at {{2}} is confirmed. Reply 1 to reschedule.
- Your order {{1}} is ready for pickup at our Main Street shop until 18:00.
- The item you returned has arrived; your refund of {{1}} is on its way.
- Your delivery is delayed by one day. We apologise for the inconvenience.
- Your account password was changed. If this wasn't you, contact support.
- Reminder: your table for 2 is booked tonight at 19:30.
- Your subscription has been paused as requested. No further payments will be taken.
- Your points balance is {{1}}; points expire on {{2}}.

# nl
+ Je bestelling {{1}} is bevestigd! Voeg nog een mok toe voor maar €5 extra.
+ 2 halen, 1 betalen op alle koffiebonen deze week.
+ Je pakket is onderweg. Gebruik code BEDANKT10 voor 10% korting op je volgende bestelling.
+ Nog maar 3 op voorraad voor deze prijs, dus wees snel!
+ Je winkelmandje wacht nog. Rond je bestelling vandaag af en krijg een gratis tas.
+ Besteld! Klanten die dit kochten, namen ook onze havermelk. Voeg toe met één tik.
+ Je abonnement wordt verlengd op {{1}}. Kies nu voor een jaarabonnement en bespaar twee maanden.
+ Alleen vandaag: alle gebakjes voor de halve prijs.
+ Je afspraak is bevestigd. Boek een tweede behandeling erbij en krijg 10% korting op beide.
+ Neem op dinsdag een vriend mee, zijn lunch is van ons.
+ Hier is je bon. Let op: leden sparen dit weekend dubbele punten.
+ Je bestelling is onderweg. Een hoesje erbij? Antwoord JA en we voegen het toe voor €9,99.
+ Voordeelbundel: de molen en de waterkoker samen voor €79 in plaats van €99.
+ Op is op: onze herfstmelange is bijna uitverkocht.
+ Je reparatie is klaar. Bij het ophalen krijg je 20% korting op alle accessoires.
+ Bedankt voor je betaling. Deel je code met een vriend en jullie krijgen allebei €10 tegoed.
+ Bezorging gepland op {{1}}. Voeg een bos bloemen toe voor slechts €4.
+ Nog €20 besteden deze maand en je krijgt een gratis cadeau.
+ Tweede artikel voor de helft van de prijs, alleen dit weekend.
+ Upgrade naar de grote beker voor maar 50 cent extra!
! Je bestelling {{1}} is bevestigd. Totaal: €24,50, betaald met iDEAL.
! We hebben €12,99 teruggestort op je rekening voor bestelling {{1}}.
! Je factuur van €89,00 moet uiterlijk {{1}} betaald zijn.
! De reparatie valt onder de garantie, er zijn geen kosten voor jou.
! Je kortingscode is verwerkt: je betaalde €18,00 in plaats van €20,00.
! We konden de abonnementskosten van €9,99 niet afschrijven. Werk je betaalgegevens bij.
! Je reservering {{1}} is geannuleerd; de aanbetaling van €50 krijg je binnen 5 dagen terug.
! Vanaf {{1}} kost je maandabonnement €12 in plaats van €10, zoals in onze voorwaarden staat.
! Het saldo van je cadeaukaart is €15,40.
! Het gratis vervangende onderdeel voor bestelling {{1}} is verzonden.
! Je bestelling {{1}} met 2 artikelen (€36,00) is ingepakt.
- Je pakket {{1}} wordt morgen tussen 10:00 en 12:00 bezorgd.
- Je afspraak op {{1}} om {{2}} is bevestigd. Antwoord 1 om te verzetten.
- Je bestelling {{1}} ligt klaar in onze winkel tot 18:00.
- Je retour is ontvangen; de terugbetaling van {{1}} is onderweg.
- Je bezorging is een dag vertraagd. Excuses voor het ongemak.
- Je wachtwoord is gewijzigd. Was jij dit niet? Neem contact op.
- Herinnering: je tafel voor 2 is vanavond om 19:30 gereserveerd.
- Je abonnement is gepauzeerd zoals gevraagd. Er worden geen betalingen meer afgeschreven.
- Je puntensaldo is {{1}}; de punten vervallen op {{2}}.

# de
+ Ihre Bestellung {{1}} ist bestätigt! Fügen Sie eine zweite Tasse für nur 5 € hinzu.
+ Kaufe 2 Packungen Kaffee und erhalte die dritte gratis.
+ Ihr Paket ist unterwegs. Mit dem Code DANKE15 sparen Sie 15 % bei Ihrer nächsten Bestellung.
+ Nur noch 3 Stück zu diesem Preis – schnell zugreifen!
+ Ihr Warenkorb wartet. Schließen Sie Ihren Einkauf heute ab und erhalten Sie eine Gratis-Tasche.
+ Bestellt! Kunden, die das gekauft haben, mochten auch unsere Hafermilch.
+ Ihr Abo verlängert sich am {{1}}. Wechseln Sie jetzt zum Jahresabo und sparen Sie zwei Monate.
+ Nur heute: alle Gebäckstücke zum halben Preis.
+ Termin bestätigt. Buchen Sie eine zweite Behandlung dazu und erhalten Sie 10 % auf beide.
+ Bringen Sie dienstags eine Begleitung mit – deren Essen geht auf uns.
+ Hier ist Ihr Beleg. Übrigens: Mitglieder sammeln dieses Wochenende doppelte Punkte.
+ Ihre Bestellung ist unterwegs. Passende Hülle dazu? Antworten Sie JA und wir legen sie für 9,99 € bei.
+ Im Set günstiger: Mühle und Wasserkocher zusammen für 79 € statt 99 €.
+ Unsere Herbstmischung ist fast ausverkauft. Jetzt reservieren!
+ Ihre Reparatur ist fertig. Bei Abholung gibt es 20 % auf alle Zubehörteile.
+ Danke für Ihre Zahlung. Freunde werben und beide erhalten 10 € Guthaben.
+ Lieferung geplant für {{1}}. Ein Blumenstrauß dazu für nur 4 €?
+ Noch 20 € diesen Monat ausgeben und ein Geschenk gratis dazu erhalten.
+ Zweiter Artikel zum halben Preis, nur dieses Wochenende.
+ Upgrade auf den großen Becher für nur 50 Cent mehr!
! Ihre Bestellung {{1}} ist bestätigt. Gesamtbetrag: 24,50 €, per Karte bezahlt.
! Wir haben 12,99 € für die Bestellung {{1}} auf Ihr Konto zurückerstattet.
! Ihre Rechnung über 89,00 € ist am {{1}} fällig.
! Die Reparatur ist durch die Garantie abgedeckt, es entstehen keine Kosten.
! Ihr Gutschein wurde eingelöst: Sie haben 18,00 € statt 20,00 € bezahlt.
! Die Abogebühr von 9,99 € konnte nicht abgebucht werden. Bitte aktualisieren Sie Ihre Zahlungsdaten.
! Ihre Reservierung {{1}} wurde storniert; die Anzahlung von 50 € erhalten Sie in 5 Tagen zurück.
! Ab dem {{1}} kostet Ihr Monatsabo 12 € statt 10 €, wie in unseren AGB beschrieben.
! Das Guthaben Ihrer Geschenkkarte beträgt 15,40 €.
! Das kostenlose Ersatzteil für die Bestellung {{1}} wurde verschickt.
! Ihre Bestellung {{1}} mit 2 Artikeln (36,00 €) wurde verpackt.
- Ihr Paket {{1}} wird morgen zwischen 10 und 12 Uhr zugestellt.
- Ihr Termin am {{1}} um {{2}} ist bestätigt. Antworten Sie mit 1, um ihn zu verschieben.
- Ihre Bestellung {{1}} liegt bis 18 Uhr in unserer Filiale zur Abholung bereit.
- Ihre Rücksendung ist angekommen; die Erstattung von {{1}} ist unterwegs.
- Ihre Lieferung verzögert sich um einen Tag. Wir bitten um Entschuldigung.
- Ihr Passwort wurde geändert. Waren Sie das nicht? Kontaktieren Sie uns.
- Erinnerung: Ihr Tisch für 2 Personen ist heute um 19:30 Uhr reserviert.
- Ihr Abo wurde wie gewünscht pausiert. Es werden keine weiteren Zahlungen abgebucht.
- Ihr Punktestand beträgt {{1}}; die Punkte verfallen am {{2}}.

# fr
+ Votre commande {{1}} est confirmée ! Ajoutez une deuxième tasse pour seulement 5 €.
+ 2 achetés = 1 offert sur tous nos cafés cette semaine.
+ Votre colis est en route. Avec le code MERCI15, profitez de 15 % de réduction sur votre prochaine commande.
+ Plus que 3 en stock à ce prix, dépêchez-vous !
+ Votre panier vous attend. Finalisez votre achat aujourd'hui et recevez un sac offert.
+ Commande passée ! Les clients qui ont acheté cet article ont aussi aimé notre lait d'avoine.
+ Votre abonnement sera renouvelé le {{1}}. Passez à l'abonnement annuel et économisez deux mois.
+ Aujourd'hui seulement : toutes les pâtisseries à moitié prix.
+ Rendez-vous confirmé. Réservez un deuxième soin et obtenez 10 % sur les deux.
+ Venez avec un ami le mardi, son repas est offert.
+ Voici votre reçu. Les membres cumulent des points doublés ce week-end uniquement.
+ Votre commande est en route. Une coque assortie ? Répondez OUI pour l'ajouter pour 9,99 €.
+ Pack économique : le moulin et la bouilloire ensemble pour 79 € au lieu de 99 €.
+ Notre mélange d'automne est presque épuisé. Réservez le vôtre dès maintenant !
+ Votre réparation est prête. -20 % sur tous les accessoires lors du retrait.
+ Merci pour votre paiement. Parrainez un ami et recevez chacun 10 € de crédit.
+ Livraison prévue le {{1}}. Ajoutez un bouquet pour seulement 4 € de plus.
+ Dépensez encore 20 € ce mois-ci et recevez un cadeau gratuit.
+ Le deuxième article à moitié prix, ce week-end seulement.
+ Passez au grand gobelet pour seulement 50 centimes de plus !
! Votre commande {{1}} est confirmée. Total : 24,50 €, payé par carte.
! Nous avons remboursé 12,99 € sur votre moyen de paiement pour la commande {{1}}.
! Votre facture de 89,00 € est à régler avant le {{1}}.
! La réparation est couverte par la garantie, elle ne vous coûte rien.
! Votre code promo a été appliqué : vous avez payé 18,00 € au lieu de 20,00 €.
! Le prélèvement de l'abonnement de 9,99 € a échoué. Merci de mettre à jour vos informations de paiement.
! Votre réservation {{1}} est annulée ; l'acompte de 50 € vous sera rendu sous 5 jours.
! À partir du {{1}}, votre abonnement mensuel coûtera 12 € au lieu de 10 €, comme prévu dans nos conditions.
! Le solde de votre carte cadeau est de 15,40 €.
! La pièce de rechange gratuite pour la commande {{1}} a été expédiée.
! Votre commande {{1}} de 2 articles (36,00 €) a été préparée.
- Votre colis {{1}} sera livré demain entre 10 h et 12 h.
- Votre rendez-vous du {{1}} à {{2}} est confirmé. Répondez 1 pour le déplacer.
- Votre commande {{1}} vous attend en boutique jusqu'à 18 h.
- Votre retour est arrivé ; le remboursement de {{1}} est en cours.
- Votre livraison a un jour de retard. Nous vous prions de nous excuser.
- Votre mot de passe a été modifié. Si ce n'était pas vous, contactez-nous.
- Rappel : votre table pour 2 est réservée ce soir à 19 h 30.
- Votre abonnement est suspendu comme demandé. Aucun prélèvement ne sera effectué.
- Votre solde de points est de {{1}} ; ils expirent le {{2}}.

# es
+ ¡Tu pedido {{1}} está confirmado! Añade una segunda taza por solo 5 €.
+ 3x2 en todos nuestros cafés esta semana.
+ Tu paquete va en camino. Usa el código GRACIAS15 y obtén un 15 % de descuento en tu próxima compra.
+ Solo quedan 3 unidades a este precio, ¡date prisa!
+ Tu carrito te espera. Termina tu compra hoy y te regalamos una bolsa.
+ ¡Pedido realizado! Quienes compraron esto también se llevaron nuestra leche de avena.
+ Tu suscripción se renueva el {{1}}. Cámbiate al plan anual y ahorra dos meses.
+ Solo hoy: toda la bollería a mitad de precio.
+ Cita confirmada. Reserva un segundo tratamiento y llévate un 10 % en ambos.
+ Los martes trae a un amigo y su comida corre de nuestra cuenta.
+ Aquí tienes tu recibo. Los socios suman puntos dobles solo este fin de semana.
+ Tu pedido va en camino. ¿Una funda a juego? Responde SÍ y la añadimos por 9,99 €.
+ Pack ahorro: molinillo y hervidor juntos por 79 € en lugar de 99 €.
+ Nuestra mezcla de otoño está casi agotada. ¡Resérvala ya!
+ Tu reparación está lista. Al recogerla, 20 % de descuento en todos los accesorios.
+ Gracias por tu pago. Invita a un amigo y ambos recibiréis 10 € de saldo.
+ Entrega programada para el {{1}}. Añade un ramo de flores por solo 4 € más.
+ Gasta 20 € más este mes y consigue un regalo gratis.
+ Segunda unidad a mitad de precio, solo este fin de semana.
+ ¡Pásate al vaso grande por solo 50 céntimos más!
! Tu pedido {{1}} está confirmado. Total: 24,50 €, pagado con tarjeta.
! Hemos reembolsado 12,99 € a tu método de pago por el pedido {{1}}.
! Tu factura de 89,00 € vence el {{1}}.
! La reparación está cubierta por la garantía, no tiene ningún coste.
! Se aplicó tu cupón: pagaste 18,00 € en lugar de 20,00 €.
! No pudimos cobrar la cuota de 9,99 € de tu suscripción. Actualiza tus datos de pago.
! Tu reserva {{1}} se ha cancelado; te devolveremos la señal de 50 € en 5 días.
! A partir del {{1}}, tu plan mensual costará 12 € en lugar de 10 €, según nuestras condiciones.
! El saldo de tu tarjeta regalo es de 15,40 €.
! La pieza de repuesto gratuita del pedido {{1}} ya se ha enviado.
! Tu pedido {{1}} de 2 artículos (36,00 €) ya está preparado.
- Tu paquete {{1}} se entregará mañana entre las 10:00 y las 12:00.
- Tu cita del {{1}} a las {{2}} está confirmada. Responde 1 para cambiarla.
- Tu pedido {{1}} te espera en la tienda hasta las 18:00.
- Hemos recibido tu devolución; el reembolso de {{1}} está en camino.
- Tu entrega se retrasa un día. Disculpa las molestias.
- Tu contraseña se ha cambiado. Si no fuiste tú, contáctanos.
- Recordatorio: tu mesa para 2 está reservada esta noche a las 19:30.
- Tu suscripción se ha pausado como pediste. No se realizarán más cobros.
- Tu saldo de puntos es {{1}}; caducan el {{2}}.
`);
