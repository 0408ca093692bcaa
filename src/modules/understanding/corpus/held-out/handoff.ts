// Held-out handoff sentences (seven languages), written before the classifier and never tuned on: see corpus/README.md.
import { parseCorpus } from '../format.ts';

export const handoffHeldOut = parseCorpus(`
# en
+ can I talk to a real person please
+ I need to speak with someone from customer service
+ human pls
+ get me an agent
+ Is there anyone I can actually talk to?
+ transfer me to a representative
+ I want a human, not a bot
+ talk to agent
+ could a member of your staff call me back or message me?
+ let me speak to your manager
+ operator!!
+ I'd rather chat with a person if that's possible
+ you're not helping, I need a real human 😤
+ connect me with support staff
+ speak to someone
+ pls put me through to a colleague of yours
+ is there a live chat with an employee?
+ can somebody from the team help me
+ real person plz
+ I want to talk to customer support
! the agent said my parcel would come today but it didn't
! your colleague Sarah was really helpful yesterday, thanks
! I'm not a bot lol
! no need for a person, the bot answered it
! I'm the person who ordered the red mug
- what are your opening hours
- track my order
- do you deliver on sundays?
- thanks that's all
- Table for 4 people on friday
- how much is the large latte
- menu
- my order number is A-23981
- is the cafe dog friendly?
- ok great

# nl
+ mag ik een echt persoon spreken
+ ik wil graag iemand van de klantenservice spreken
+ medewerker aub
+ kan ik met een mens praten?
+ verbind me door met een collega
+ ik wil geen bot, ik wil een mens
+ met een medewerker graag
+ is er iemand die me kan helpen?
+ kan iemand van jullie me terugbellen of appen?
+ ik wil de manager spreken
+ MEDEWERKER!!
+ liever een persoon als dat kan
+ je helpt me niet, ik wil een echt mens 😤
+ klantenservice spreken
+ even iemand spreken graag
+ doorverbinden met een medewerker
+ zit er ook een echte medewerker achter?
+ kan een van jullie medewerkers me helpen
+ echt persoon pls
+ ik wil iemand aan de lijn
! de medewerker zei dat mijn pakket vandaag zou komen
! jullie collega Sanne was super behulpzaam gisteren
! ik ben geen robot haha
! hoeft geen medewerker, de bot heeft het al opgelost
! ik ben degene die de rode mok bestelde
- wat zijn jullie openingstijden
- waar is mijn bestelling
- bezorgen jullie op zondag?
- dank je, dat was alles
- tafel voor 4 personen op vrijdag
- hoeveel kost een grote latte
- menu
- mijn bestelnummer is A-23981
- mogen honden mee naar binnen?
- oké top

# de
+ kann ich bitte mit einem echten Menschen sprechen
+ ich möchte mit jemandem vom Kundenservice reden
+ Mitarbeiter bitte
+ verbinden Sie mich mit einem Berater
+ ich will keinen Bot, ich will einen Menschen
+ mit einem Mitarbeiter sprechen
+ gibt es jemanden, mit dem ich reden kann?
+ kann mich einer Ihrer Mitarbeiter zurückrufen?
+ ich will den Chef sprechen
+ MENSCH!!
+ lieber mit einer Person, wenn das geht
+ das hilft mir nicht, ich brauche einen echten Menschen 😤
+ Kundenservice bitte
+ kurz mit jemandem sprechen bitte
+ weiterleiten an einen Mitarbeiter
+ sitzt da auch ein echter Mensch dahinter?
+ kann mir einer von euren Mitarbeitern helfen
+ echte Person bitte
+ Ich möchte mit Ihren Mitarbeitern sprechen
+ bitte an einen Kollegen weitergeben
! der Mitarbeiter hat gesagt, mein Paket kommt heute
! Ihre Kollegin Anna war gestern sehr hilfsbereit
! ich bin kein Roboter haha
! kein Mitarbeiter nötig, der Bot hat es gelöst
! ich bin die Person mit der roten Tasse
- wie sind eure Öffnungszeiten
- wo ist meine Bestellung
- liefert ihr auch sonntags?
- danke, das war alles
- Tisch für 4 Personen am Freitag
- was kostet ein großer Latte
- Menü
- meine Bestellnummer ist A-23981
- sind Hunde erlaubt?
- ok super

# fr
+ je peux parler à une vraie personne svp
+ je voudrais parler à quelqu'un du service client
+ conseiller svp
+ passez-moi un agent
+ je veux un humain, pas un robot
+ parler à un conseiller
+ il y a quelqu'un avec qui je peux parler ?
+ un de vos collaborateurs peut me rappeler ?
+ je veux parler au responsable
+ HUMAIN !!
+ plutôt avec une personne si possible
+ vous ne m'aidez pas, il me faut un vrai humain 😤
+ service client svp
+ mettez-moi en relation avec un conseiller
+ transférez-moi à un opérateur
+ y a-t-il un vrai humain derrière ?
+ un de vos conseillers peut m'aider ?
+ vraie personne stp
+ je souhaite parler avec vos conseillers
+ quelqu'un peut m'aider svp
! le conseiller m'a dit que mon colis arriverait aujourd'hui
! votre collègue Julie était super sympa hier
! je ne suis pas un robot mdr
! pas besoin d'un conseiller, le bot a résolu le problème
! c'est moi la personne qui a commandé le mug rouge
- quels sont vos horaires
- où en est ma commande
- vous livrez le dimanche ?
- merci, c'est tout
- une table pour 4 personnes vendredi
- combien coûte un grand latte
- menu
- mon numéro de commande est A-23981
- les chiens sont acceptés ?
- ok parfait

# es
+ ¿puedo hablar con una persona real?
+ quiero hablar con alguien de atención al cliente
+ agente por favor
+ pásame con un asesor
+ quiero un humano, no un bot
+ hablar con un agente
+ ¿hay alguien con quien pueda hablar?
+ ¿me puede llamar alguno de sus empleados?
+ quiero hablar con el encargado
+ HUMANO!!
+ mejor con una persona si se puede
+ no me estás ayudando, necesito un humano de verdad 😤
+ atención al cliente por favor
+ comunícame con un operador
+ transferirme a un asesor
+ ¿hay una persona real detrás?
+ ¿alguno de sus asesores me puede ayudar?
+ persona real xfa
+ quiero hablar con sus agentes
+ alguien me puede ayudar porfa
! el asesor me dijo que mi paquete llegaba hoy
! su compañera Lucía fue muy amable ayer
! no soy un robot jaja
! no hace falta un agente, el bot ya lo resolvió
! soy la persona que pidió la taza roja
- ¿cuál es su horario?
- ¿dónde está mi pedido?
- ¿reparten los domingos?
- gracias, eso es todo
- mesa para 4 personas el viernes
- ¿cuánto cuesta un latte grande?
- menú
- mi número de pedido es A-23981
- ¿se admiten perros?
- vale genial

# pt
+ posso falar com uma pessoa de verdade?
+ quero falar com alguém do atendimento
+ atendente por favor
+ me passa para um atendente humano
+ quero um humano, não um robô
+ falar com atendente
+ tem alguém com quem eu possa falar?
+ algum funcionário pode me ligar?
+ quero falar com o gerente
+ HUMANO!!
+ prefiro falar com uma pessoa se der
+ você não está ajudando, preciso de um humano de verdade 😤
+ atendimento ao cliente por favor
+ me transfere para um operador
+ tem uma pessoa real aí?
+ algum dos atendentes pode me ajudar?
+ pessoa real pfv
+ quero falar com os atendentes
+ alguém pode me ajudar pf
+ chama um atendente
! o atendente disse que meu pacote chegava hoje
! a sua colega Ana foi muito atenciosa ontem
! não sou robô kkk
! não precisa de atendente, o robô resolveu
! sou a pessoa que pediu a caneca vermelha
- qual o horário de funcionamento?
- cadê meu pedido?
- vocês entregam domingo?
- obrigado, era só isso
- mesa para 4 pessoas na sexta
- quanto custa um latte grande?
- menu
- meu número de pedido é A-23981
- aceitam cachorro?
- beleza

# it
+ posso parlare con una persona vera?
+ vorrei parlare con qualcuno del servizio clienti
+ operatore per favore
+ passami un operatore
+ voglio un umano, non un bot
+ parlare con un operatore
+ c'è qualcuno con cui posso parlare?
+ uno dei vostri dipendenti può richiamarmi?
+ voglio parlare con il responsabile
+ UMANO!!
+ preferisco una persona se possibile
+ non mi stai aiutando, mi serve un umano vero 😤
+ assistenza clienti per favore
+ mettimi in contatto con un consulente
+ trasferiscimi a un addetto
+ c'è una persona vera dietro?
+ uno dei vostri operatori può aiutarmi?
+ persona vera pls
+ vorrei parlare con i vostri operatori
+ qualcuno mi può aiutare per favore
! l'operatore mi ha detto che il pacco arrivava oggi
! la vostra collega Giulia è stata gentilissima ieri
! non sono un robot ahah
! non serve un operatore, il bot ha risolto
! sono la persona che ha ordinato la tazza rossa
- quali sono gli orari di apertura?
- dov'è il mio ordine?
- consegnate la domenica?
- grazie, è tutto
- tavolo per 4 persone venerdì
- quanto costa un latte grande?
- menu
- il mio numero d'ordine è A-23981
- accettate cani?
- ok perfetto
`);
