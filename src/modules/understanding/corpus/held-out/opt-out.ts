// Held-out opt-out sentences (seven languages), written before the classifier and never tuned on: see corpus/README.md.
import { parseCorpus } from '../format.ts';

export const optOutHeldOut = parseCorpus(`
# en
+ please stop messaging me
+ take me off your list
+ I don't want to receive messages any more
+ STOP
+ unsubscribe me pls
+ no more whatsapps from you thanks
+ Stop sending me this stuff 🙄
+ remove my number from your mailing list
+ can you stop texting me, I never signed up
+ i want out of these messages
+ Please don't contact me again on WhatsApp.
+ opt me out
+ enough with the promos, stop
+ I'd like to unsubscribe from all your messages, thank you
+ stpo sending me messages
+ leave me alone, no more offers
+ quit messaging me
+ Hi, I no longer wish to receive these notifications.
+ delete me from this list please
+ stop it already, every day a message 😡
! don't stop sending these, I love the deals
! when does the offer stop?
! my friend told me to just reply 'stop' lol
! Does STOP also cancel my order updates?
! the bus stop near your store is closed, how do I get there?
! please don't unsubscribe me, I still want the newsletter
! can you stop my order? I ordered the wrong size
! What happens if I type stop?
! I never said stop, why did my messages end?
! Will you stop the sale on Sunday?
! I want to cancel my subscription box for next month
! I'm tired of waiting for my refund
- thanks for the update!
- where is my parcel? it's been a week
- your delivery guy was rude
- Can I change my address for the order?
- do you have this in blue
- great, see you tomorrow
- I got the message twice, is that a bug?
- Keep me posted on the new arrivals!

# nl
+ stuur me geen berichten meer aub
+ haal me van jullie lijst af
+ Ik wil geen whatsapps meer ontvangen
+ STOP
+ afmelden graag
+ hou op met appen
+ ik wil me uitschrijven
+ Verwijder mijn nummer alsjeblieft
+ Niet meer sturen, dank je
+ geen reclame meer via whatsapp a.u.b.
+ stoppen met die berichten!!
+ ik heb hier nooit om gevraagd, stop ermee
+ Graag geen berichten meer van jullie ontvangen.
+ afmelde
+ kunnen jullie me niet meer appen?
+ laat me met rust met jullie aanbiedingen
+ ik wil niks meer van jullie horen
+ uitschrijven voor alle berichten
+ Stop met spammen 😤
+ please stop, ik wil dit niet meer
! niet stoppen met sturen, ik vind de aanbiedingen top
! wanneer stopt de actie?
! mijn zus zei dat ik 'stop' moest typen haha
! wat gebeurt er als ik stop stuur?
! kunnen jullie mijn bestelling stoppen? verkeerde maat
! stopt de uitverkoop zondag?
! ik wil me niet afmelden hoor, gewoon een vraag
! de tram stopt niet meer bij jullie winkel, hoe kom ik er?
! ik wil mijn abonnement op de koffiebox opzeggen
! ik wacht al twee weken op mijn terugbetaling, ik ben het zat
- bedankt voor de info!
- waar blijft mijn pakket?
- de bezorger was onbeleefd
- kan ik het adres nog wijzigen?
- hebben jullie dit ook in het blauw?
- top, tot morgen
- ik kreeg het bericht twee keer
- hou me op de hoogte van nieuwe producten!
- hoe laat gaan jullie dicht?
- mijn bestelling is niet compleet

# de
+ Bitte keine Nachrichten mehr schicken
+ nehmt mich von eurer Liste
+ Ich möchte keine WhatsApp Nachrichten mehr erhalten
+ STOPP
+ abmelden bitte
+ hört auf mir zu schreiben
+ Ich will mich abmelden
+ Löschen Sie bitte meine Nummer aus Ihrem Verteiler.
+ keine werbung mehr bitte!!
+ ich moechte nicht mehr kontaktiert werden
+ schluss mit den nachrichten
+ Austragen bitte, danke
+ Hören Sie bitte auf, mir Angebote zu schicken.
+ ich hab mich nie angemeldet, lasst mich in ruhe
+ abbestellen
+ stop, ich will das nicht mehr 😠
+ Bitte entfernen Sie mich aus der Liste
+ kein interesse mehr, bitte nicht mehr schreiben
+ nachrichten abbestellen
+ könnt ihr aufhören mich anzuschreiben?
! bitte nicht aufhören, die Angebote sind super
! wann hört die Rabattaktion auf?
! mein Freund meinte, ich soll einfach "Stopp" schreiben 😂
! was passiert, wenn ich stopp schreibe?
! können Sie meine Bestellung stoppen? falsche Größe
! ich will mich nicht abmelden, nur eine Frage
! Hält der Bus direkt vor eurem Laden?
! hört der Sale am Sonntag auf?
! ich möchte mein Kaffee-Abo kündigen
! ich warte seit zwei Wochen auf meine Erstattung, das nervt
- danke für die info!
- wo bleibt mein Paket?
- der Fahrer war unfreundlich
- kann ich die Lieferadresse noch ändern?
- gibt es das auch in blau?
- super, bis morgen
- ich habe die Nachricht doppelt bekommen
- haltet mich auf dem Laufenden!
- wann habt ihr geöffnet?
- meine Lieferung ist unvollständig

# fr
+ arrêtez de m'envoyer des messages svp
+ retirez-moi de votre liste
+ Je ne veux plus recevoir de messages
+ STOP
+ désabonnement
+ desinscrivez moi
+ ne m'écrivez plus
+ Merci de supprimer mon numéro de votre liste de diffusion.
+ plus de pub svp
+ arretez de me spammer 😡
+ je souhaite me désinscrire de vos messages
+ stop aux messages merci
+ laissez-moi tranquille avec vos promos
+ Je n'ai jamais demandé ça, arrêtez
+ vous pouvez arrêter de m'envoyer des whatsapp ?
+ desabonner
+ je ne souhaite plus être contacté
+ arrete les messages stp
+ Veuillez cesser tout envoi de messages à ce numéro.
+ stop stop stop
! n'arrêtez surtout pas, j'adore vos offres
! quand est-ce que la promo s'arrête ?
! mon pote m'a dit d'écrire "stop" mdr
! qu'est-ce qui se passe si j'envoie stop ?
! pouvez-vous arrêter ma commande ? mauvaise taille
! je ne veux pas me désabonner, juste une question
! le bus s'arrête devant votre magasin ?
! les soldes s'arrêtent dimanche ?
! je voudrais résilier mon abonnement café du mois prochain
! j'attends mon remboursement depuis deux semaines, j'en ai marre
- merci pour l'info !
- où est mon colis ?
- le livreur était désagréable
- je peux changer l'adresse de livraison ?
- vous l'avez en bleu ?
- super, à demain
- j'ai reçu le message deux fois
- tenez-moi au courant des nouveautés !
- vous ouvrez à quelle heure ?
- il manque un article dans ma commande

# es
+ dejen de enviarme mensajes por favor
+ sáquenme de su lista
+ No quiero recibir más mensajes
+ STOP
+ baja
+ darme de baja
+ no me escriban más
+ Por favor eliminen mi número de su lista de difusión.
+ basta de publicidad
+ dejad de mandarme spam 😡
+ quiero darme de baja de todos los mensajes
+ ya no quiero que me contacten
+ paren con los mensajes, gracias
+ nunca pedí esto, déjenme en paz
+ ¿pueden dejar de escribirme?
+ no mas promociones x favor
+ cancelar suscripción a los mensajes
+ desuscribirme
+ Les pido que no me envíen más mensajes a este número.
+ stop please, ya no quiero mensajes
! no dejen de enviarme las ofertas, me encantan
! ¿cuándo termina la promo?
! mi amigo me dijo que escribiera "stop" jaja
! ¿qué pasa si escribo baja?
! ¿pueden parar mi pedido? me equivoqué de talla
! no quiero darme de baja, solo tengo una pregunta
! ¿el autobús para delante de la tienda?
! ¿la oferta se acaba el domingo?
! quiero cancelar mi suscripción de café del mes que viene
! llevo dos semanas esperando el reembolso, estoy harto
- gracias por la info
- ¿dónde está mi paquete?
- el repartidor fue muy maleducado
- ¿puedo cambiar la dirección de entrega?
- ¿lo tienen en azul?
- genial, hasta mañana
- me llegó el mensaje dos veces
- avísenme cuando lleguen novedades
- ¿a qué hora abren?
- falta un artículo en mi pedido

# pt
+ parem de me mandar mensagens por favor
+ me tirem da lista de vocês
+ Não quero receber mais mensagens
+ STOP
+ sair
+ quero me descadastrar
+ nao me mandem mais nada
+ Por favor, removam meu número da lista de transmissão.
+ chega de propaganda
+ para de mandar spam 😡
+ quero cancelar o recebimento de mensagens
+ não quero mais ser contactado
+ parem com as mensagens, obrigado
+ nunca pedi isso, me deixem em paz
+ vocês podem parar de me mandar mensagem?
+ sem mais promoções pfv
+ descadastrar
+ nao quero mais receber whatsapp de vcs
+ Solicito que não enviem mais mensagens para este número.
+ stop pls, não quero mais
! não parem de mandar as ofertas, adoro
! quando termina a promoção?
! meu amigo disse pra eu escrever "sair" kkk
! o que acontece se eu mandar sair?
! vocês podem parar meu pedido? errei o tamanho
! não quero me descadastrar, só tenho uma dúvida
! o ônibus para em frente à loja?
! a liquidação acaba domingo?
! quero cancelar minha assinatura do clube do café do mês que vem
! tô esperando o reembolso há duas semanas, tô cansado
- obrigado pela informação
- cadê meu pacote?
- o entregador foi grosso
- posso mudar o endereço de entrega?
- tem em azul?
- beleza, até amanhã
- recebi a mensagem duas vezes
- me avisem quando chegar novidade
- que horas vocês abrem?
- faltou um item no meu pedido

# it
+ smettete di mandarmi messaggi per favore
+ toglietemi dalla vostra lista
+ Non voglio più ricevere messaggi
+ STOP
+ disiscrivimi
+ voglio annullare l'iscrizione
+ non scrivetemi più
+ Per favore cancellate il mio numero dalla lista.
+ basta pubblicità
+ basta spam 😡
+ vorrei disiscrivermi da tutti i messaggi
+ non voglio più essere contattato
+ smettetela con i messaggi, grazie
+ non l'ho mai chiesto, lasciatemi in pace
+ potete smettere di scrivermi?
+ niente più promozioni per favore
+ cancellami
+ non voglio piu ricevere whatsapp da voi
+ Vi chiedo di non inviare più messaggi a questo numero.
+ basta, ogni giorno un messaggio
! non smettete di mandare le offerte, le adoro
! quando finiscono i saldi?
! il mio amico mi ha detto di scrivere "stop" ahah
! cosa succede se scrivo stop?
! potete fermare il mio ordine? ho sbagliato taglia
! non voglio disiscrivermi, ho solo una domanda
! l'autobus si ferma davanti al negozio?
! basta così con le domande, grazie mille per l'aiuto
! voglio annullare l'abbonamento al caffè del mese prossimo
! aspetto il rimborso da due settimane, sono stufo
- grazie per l'informazione
- dov'è il mio pacco?
- il corriere è stato scortese
- posso cambiare l'indirizzo di consegna?
- ce l'avete in blu?
- perfetto, a domani
- ho ricevuto il messaggio due volte
- avvisatemi quando arrivano novità
- a che ora aprite?
- manca un articolo nel mio ordine
`);
