// Opt-out tuning sentences (seven languages): what the classifier learns from and is adjusted against (corpus/README.md).
import { parseCorpus } from '../format.ts';

export const optOutTuning = parseCorpus(`
# en
+ stop
+ Stop.
+ STOP ALL
+ unsubscribe
+ opt out
+ stop messages
+ no more messages please
+ please stop sending me messages
+ stop texting me
+ I want to unsubscribe
+ remove me from your list
+ take me off this list please
+ don't message me anymore
+ don't send me any more messages
+ I do not want these messages
+ I don't want any more offers from you
+ stop spamming me
+ stop the promotions please
+ I never subscribed to this, stop
+ please remove my number
+ delete my number from your list
+ I want to opt out of all messages
+ unsubscibe
+ pls stop msging me
+ no more promo messages thx
+ stop contacting me
+ leave me alone
+ I'm not interested, please stop writing to me
+ Please stop sending me WhatsApp messages. Thanks
+ I no longer want to hear from you
+ can you please stop sending these
+ Could you remove me from your WhatsApp list?
+ stop!!!
+ enough messages
+ i said stop
! please don't stop, I like these
! do not stop sending me deals
! when does the promotion end?
! when will the sale stop?
! my kid typed "stop" by accident, ignore that
! if I reply stop, do I still get my receipts?
! what does unsubscribe do exactly?
! can you stop the delivery? I won't be home
! please stop the payment, I was charged twice
! I stopped by the shop yesterday
! cancel my order please
! I want to cancel my appointment
! I don't want the blue one, I want the red one
! no more sugar in my coffee please
! I'm sick of this delay
! I don't want to miss the next sale
- hi
- thanks!
- ok
- what time do you open?
- where is my order
- can I get a refund
- the product arrived broken
- do you ship to Belgium?
- yes please
- I love your coffee
- can you send me the invoice?
- my order number is 12345
- is this still available?
- I'll be there at 5

# nl
+ stop
+ stop alles
+ afmelden
+ uitschrijven
+ geen berichten meer
+ stop met sturen
+ stop met die berichten aub
+ ik wil geen berichten meer
+ ik wil me afmelden
+ stuur me niets meer
+ haal mij van de lijst
+ verwijder me uit jullie bestand
+ geen aanbiedingen meer graag
+ niet meer appen aub
+ ik wil niet meer benaderd worden
+ hou op met die spam
+ stop de reclame
+ afmeldn
+ uitschijven
+ ik heb me nooit aangemeld, haal me eraf
+ graag afmelden voor whatsapp berichten
+ wil graag geen whatsapp meer van jullie
+ kappen met die berichten
+ laat me met rust
+ ik wil er vanaf
+ kunnen jullie stoppen met berichten sturen?
+ stuur mij geen reclame meer
+ ik hoef geen berichten meer
+ stoppen aub
+ Zou u mij willen uitschrijven?
! niet stoppen hoor, ik vind het leuk
! stop niet met de aanbiedingen
! hoe lang loopt de actie nog?
! wanneer stoppen jullie met de zomeractie?
! mijn dochter typte per ongeluk 'stop'
! als ik stop stuur, krijg ik dan nog mijn bonnetje?
! kunnen jullie de bezorging stoppen? ik ben niet thuis
! stop de betaling, ik ben dubbel afgeschreven
! ik wil mijn bestelling annuleren
! ik wil mijn afspraak afzeggen
! geen suiker meer in mijn koffie aub
! ik baal van die vertraging
! ik wil de volgende uitverkoop niet missen
! de bus stopt voor de deur toch?
- hoi
- bedankt!
- ok
- hoe laat gaan jullie open?
- waar is mijn bestelling
- kan ik mijn geld terugkrijgen
- het product is kapot aangekomen
- versturen jullie naar België?
- ja graag
- lekkere koffie hebben jullie
- kunnen jullie de factuur sturen?
- mijn bestelnummer is 12345
- is dit nog op voorraad?
- ik kom om 5 uur langs

# de
+ stopp
+ stop
+ abmelden
+ abbestellen
+ austragen
+ keine nachrichten mehr
+ hört auf mir nachrichten zu schicken
+ bitte hören sie auf zu schreiben
+ ich möchte mich abmelden
+ ich will keine Nachrichten mehr bekommen
+ schickt mir nichts mehr
+ nehmen Sie mich aus dem Verteiler
+ löscht meine nummer
+ keine angebote mehr bitte
+ bitte nicht mehr anschreiben
+ ich will nicht mehr angeschrieben werden
+ lasst das mit dem spam
+ stoppt die werbung
+ abmleden
+ abbestelen
+ ich habe das nie bestellt, streicht mich aus der liste
+ bitte von whatsapp nachrichten abmelden
+ ich will von euch nichts mehr hören
+ aufhören bitte
+ lasst mich in ruhe
+ ich will da raus
+ Können Sie das Senden von Nachrichten einstellen?
+ schickt mir keine werbung mehr
+ ich brauche keine nachrichten mehr
+ Würden Sie mich bitte abmelden?
! hört bloß nicht auf mit den Angeboten
! wie lange läuft die Aktion noch?
! wann endet der Sommerschlussverkauf?
! meine Tochter hat aus Versehen 'stopp' getippt
! wenn ich stopp sende, bekomme ich dann noch meine Quittung?
! könnt ihr die Lieferung stoppen? ich bin nicht zu Hause
! stoppen Sie die Zahlung, ich wurde doppelt belastet
! ich möchte meine Bestellung stornieren
! ich möchte meinen Termin absagen
! keinen Zucker mehr in meinen Kaffee bitte
! ich habe die Nase voll von der Verspätung
! ich will den nächsten Sale nicht verpassen
! der Bus hält vor der Tür oder?
! hört nicht auf, mir Rabatte zu schicken
- hallo
- danke!
- ok
- wann macht ihr auf?
- wo ist meine bestellung
- kann ich mein Geld zurück bekommen
- das Produkt kam kaputt an
- liefert ihr nach Österreich?
- ja gerne
- leckerer Kaffee
- könnt ihr mir die Rechnung schicken?
- meine Bestellnummer ist 12345
- ist das noch verfügbar?
- ich komme um 5 vorbei

# fr
+ stop
+ arrêt
+ arrêter
+ désabonner
+ désinscription
+ plus de messages
+ arrêtez les messages
+ je veux me désabonner
+ ne m'envoyez plus rien
+ enlevez-moi de la liste
+ supprimez mon numéro
+ plus de promotions merci
+ je ne veux plus de messages whatsapp
+ arretez de m'ecrire
+ stop au spam
+ desabonement
+ désincrire
+ je ne me suis jamais inscrit, retirez-moi
+ merci de me désinscrire des messages whatsapp
+ je ne veux plus rien recevoir de votre part
+ laissez-moi tranquille
+ je veux plus de vos messages
+ pourriez-vous cesser de m'envoyer des messages ?
+ arrêtez la pub
+ je n'ai plus besoin de ces messages
+ Pourriez-vous me retirer de votre liste ?
+ fini les messages svp
+ stop svp
+ n'envoyez plus de messages à ce numéro
! surtout continuez, j'aime bien vos offres
! n'arrêtez pas les bons plans
! jusqu'à quand dure la promo ?
! quand se termine l'offre d'été ?
! ma fille a tapé 'stop' par erreur
! si j'envoie stop, je reçois encore mon ticket ?
! vous pouvez arrêter la livraison ? je ne suis pas là
! arrêtez le paiement, j'ai été débité deux fois
! je veux annuler ma commande
! je veux annuler mon rendez-vous
! plus de sucre dans mon café svp
! j'en ai marre de ce retard
! je ne veux pas rater les prochaines soldes
! le bus s'arrête devant la porte ?
- bonjour
- merci !
- ok
- vous ouvrez à quelle heure le samedi ?
- où est ma commande
- je peux être remboursé ?
- le produit est arrivé cassé
- vous livrez en Belgique ?
- oui svp
- votre café est délicieux
- vous pouvez m'envoyer la facture ?
- mon numéro de commande est 12345
- c'est encore disponible ?
- je passe vers 17h

# es
+ stop
+ baja
+ parar
+ alto
+ darme de baja
+ no más mensajes
+ dejen de escribirme
+ quiero darme de baja
+ no me manden nada más
+ quítenme de la lista
+ borren mi número
+ no quiero más ofertas, gracias
+ no quiero recibir whatsapps
+ paren de mandar mensajes
+ basta de spam
+ dar de vaja
+ desuscribir
+ nunca me suscribí, bórrenme
+ por favor denme de baja de los mensajes de whatsapp
+ no quiero saber nada más de ustedes
+ déjenme tranquilo
+ ya no me interesan sus mensajes
+ ¿podrían dejar de enviarme mensajes?
+ no más publicidad
+ no necesito más mensajes
+ ¿me pueden dar de baja?
+ se acabó, no me escriban
+ stop por favor
+ no envíen más mensajes a este número
! no paren, me gustan las ofertas
! sigan mandando promociones porfa
! ¿hasta cuándo dura la oferta?
! ¿cuándo terminan las rebajas de verano?
! mi hija escribió 'stop' sin querer
! si mando baja, ¿recibo igual mi ticket?
! ¿pueden parar la entrega? no estoy en casa
! paren el cobro, me cobraron dos veces
! quiero cancelar mi pedido
! quiero cancelar mi cita
! no más azúcar en mi café por favor
! estoy harto de este retraso
! no quiero perderme las próximas rebajas
! ¿el bus para en la puerta?
- hola
- ¡gracias!
- ok
- ¿a qué hora abren los sábados?
- ¿dónde está mi pedido?
- ¿me pueden devolver el dinero?
- el producto llegó roto
- ¿envían a Portugal?
- sí por favor
- su café está buenísimo
- ¿me pueden mandar la factura?
- mi número de pedido es 12345
- ¿todavía está disponible?
- paso a las 5

# pt
+ stop
+ parar
+ sair
+ descadastrar
+ não quero mais
+ chega de mensagens
+ parem de mandar mensagem
+ quero sair da lista
+ não me mandem mais mensagens
+ me tira dessa lista
+ apaguem meu número
+ não quero mais ofertas
+ nao quero receber whatsapp
+ para de me mandar mensagem
+ chega de spam
+ descadastar
+ nunca me cadastrei, me tirem daí
+ por favor me descadastrem das mensagens do whatsapp
+ não quero mais saber de vocês
+ me deixem em paz
+ não tenho interesse nessas mensagens
+ vocês poderiam parar de me enviar mensagens?
+ sem propaganda por favor
+ não preciso mais dessas mensagens
+ podem me remover da lista?
+ chega, não me mandem mais nada
+ stop por favor
+ não enviem mais mensagens para esse número
! não parem, gosto das promoções
! continuem mandando as ofertas
! até quando vai a promoção?
! quando acaba a black friday?
! meu filho digitou 'sair' sem querer
! se eu mandar sair, ainda recebo meu recibo?
! vocês podem parar a entrega? não estou em casa
! parem a cobrança, fui cobrado duas vezes
! quero cancelar meu pedido
! quero desmarcar meu horário
! sem açúcar no meu café por favor
! tô de saco cheio desse atraso
! não quero perder a próxima promoção
! o ônibus para na porta?
- oi
- obrigado!
- ok
- que horas vocês abrem no sábado?
- cadê meu pedido?
- posso ter meu dinheiro de volta?
- o produto chegou quebrado
- vocês entregam em Portugal?
- sim por favor
- o café de vocês é ótimo
- podem me mandar a nota fiscal?
- meu número de pedido é 12345
- ainda tem disponível?
- passo aí às 5

# it
+ stop
+ basta
+ disiscrivi
+ cancellami
+ annulla iscrizione
+ basta messaggi
+ smettetela di scrivermi
+ voglio disiscrivermi
+ non mandatemi più niente
+ levatemi da questa lista
+ cancellate il mio numero
+ niente più offerte grazie
+ non voglio ricevere whatsapp
+ smettete di mandare messaggi
+ basta con lo spam
+ disicrivimi
+ cancelami
+ non mi sono mai iscritto, cancellatemi
+ per favore disiscrivetemi dai messaggi whatsapp
+ non voglio più sapere niente di voi
+ lasciatemi stare
+ non mi interessano più i vostri messaggi
+ potreste smettere di inviarmi messaggi?
+ niente pubblicità per favore
+ non ho più bisogno di questi messaggi
+ potete togliermi dalla lista?
+ finitela con questi messaggi
+ stop per favore
+ non inviate più messaggi a questo numero
! continuate a mandarmi le promo
! non fermatevi con gli sconti, sono ottimi
! fino a quando dura la promozione?
! quando finisce il black friday?
! mio figlio ha scritto 'stop' per sbaglio
! se scrivo stop, ricevo comunque lo scontrino?
! potete fermare la consegna? non sono a casa
! bloccate il pagamento, mi avete addebitato due volte
! voglio annullare il mio ordine
! voglio disdire l'appuntamento
! niente zucchero nel caffè per favore
! va bene così, basta grazie
! sono stufo di questo ritardo
! non voglio perdere i prossimi saldi
! il tram si ferma qui vicino?
- ciao
- grazie!
- ok
- a che ora aprite il sabato?
- dov'è il mio ordine?
- posso avere un rimborso?
- il prodotto è arrivato rotto
- spedite in Svizzera?
- sì grazie
- il vostro caffè è ottimo
- potete mandarmi la fattura?
- il mio numero d'ordine è 12345
- è ancora disponibile?
- passo alle 5
`);
