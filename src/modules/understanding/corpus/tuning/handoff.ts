// Handoff tuning sentences (seven languages): what the classifier learns from and is adjusted against (corpus/README.md).
import { parseCorpus } from '../format.ts';

export const handoffTuning = parseCorpus(`
# en
+ agent
+ human
+ person
+ real person
+ operator
+ representative
+ live agent
+ I want to talk to an agent
+ I want to speak to a human please
+ talk to a human
+ can I speak to someone
+ connect me to an agent
+ I need help from a real person
+ is there a human I can talk to?
+ get me a person
+ speak with customer service
+ let me talk to a real human being
+ I'd like to speak to an employee
+ customer service please
+ can a person help me please
+ put me through to someone
+ talk to a staff member
+ i need a human to look at this
+ reach a person
+ can someone call me
+ agnet
+ humna please
! the agent was very nice
! your agent told me to wait
! I spoke to a person at the store yesterday
! we are 3 persons
! no agent needed thanks
! there is a human error on my invoice
! I am a real person, not a robot
- hello
- what do you sell
- i want to order a coffee
- open hours
- where is my package
- can I change my order
- yes
- no thanks
- the app is not working
- how much does delivery cost
- my name is John
- do you have gift cards
- I'd like a cappuccino
- bye

# nl
+ medewerker
+ mens
+ persoon
+ echt persoon
+ iemand
+ een mens
+ ik wil een medewerker
+ ik wil met een mens praten
+ met een medewerker spreken
+ kan ik iemand spreken
+ verbind me met een medewerker
+ ik heb hulp nodig van een echt persoon
+ is er een mens aanwezig?
+ geef me een medewerker
+ klantenservice graag
+ ik wil een echt mens spreken aub
+ kan ik een werknemer spreken
+ kan een persoon mij helpen
+ iemand van het team graag
+ doorverbinden aub
+ een medewerker moet hier even naar kijken
+ kan iemand mij bellen
+ medewrker
+ menselijke hulp graag
+ ik wil praten met iemand van jullie
! de medewerker was erg vriendelijk
! jullie medewerker zei dat ik moest wachten
! ik sprak gisteren iemand in de winkel
! we zijn met 3 personen
! geen medewerker nodig, dank je
! er zit een menselijke fout in de factuur
! ik ben een echt persoon, geen robot
- hallo
- wat verkopen jullie
- ik wil een koffie bestellen
- openingstijden
- waar is mijn pakket
- kan ik mijn bestelling wijzigen
- ja
- nee dank je
- de app werkt niet
- wat kost bezorging
- mijn naam is Jan
- hebben jullie cadeaubonnen
- een cappuccino graag
- doei

# de
+ mitarbeiter
+ mensch
+ berater
+ kundenberater
+ echter mensch
+ ich will einen mitarbeiter
+ ich möchte mit einem Menschen sprechen
+ mit einem Berater sprechen
+ kann ich mit jemandem sprechen
+ verbinden sie mich mit einem mitarbeiter
+ ich brauche hilfe von einer echten person
+ ist da ein mensch?
+ gib mir einen mitarbeiter
+ kundendienst bitte
+ ich will mit einem echten Menschen reden bitte
+ kann ich mit einer Mitarbeiterin sprechen
+ kann mir eine Person helfen
+ jemand vom Team bitte
+ bitte weiterverbinden
+ ein mitarbeiter soll sich das anschauen
+ kann mich jemand anrufen
+ mitarbieter
+ menschliche hilfe bitte
+ ich möchte mit einem Ihrer Berater reden
+ bitte mit den Beratern verbinden
! der Mitarbeiter war sehr freundlich
! Ihr Mitarbeiter hat gesagt, ich soll warten
! ich habe gestern mit jemandem im Laden gesprochen
! wir sind 3 Personen
! brauche keinen Berater, danke
! auf der Rechnung ist ein menschlicher Fehler
! ich bin ein echter Mensch, kein Roboter
- hallo
- was verkauft ihr
- ich will einen Kaffee bestellen
- Öffnungszeiten
- wo ist mein Paket
- kann ich meine Bestellung ändern
- ja
- nein danke
- die App funktioniert nicht
- was kostet die Lieferung
- ich heiße Jan
- habt ihr Gutscheine
- einen Cappuccino bitte
- tschüss

# fr
+ agent
+ humain
+ conseiller
+ conseillère
+ opérateur
+ un humain
+ une personne
+ je veux un conseiller
+ je veux parler à un humain
+ parler avec un agent
+ je peux parler à quelqu'un ?
+ connectez-moi à un agent
+ j'ai besoin de l'aide d'une vraie personne
+ il y a un humain ?
+ donnez-moi un conseiller
+ service clientèle svp
+ je veux parler à un vrai humain svp
+ je peux parler à un employé ?
+ une personne peut m'aider ?
+ quelqu'un de l'équipe svp
+ passez-moi quelqu'un
+ un conseiller doit regarder ça
+ quelqu'un peut m'appeler ?
+ conseillé
+ aide humaine svp
+ je voudrais parler à l'un de vos agents
! le conseiller était très gentil
! votre agent m'a dit d'attendre
! j'ai parlé à quelqu'un en magasin hier
! nous sommes 3 personnes
! je n'ai pas besoin d'un agent, merci
! il y a une erreur humaine sur la facture
! je suis une vraie personne, pas un robot
- bonjour
- vous vendez quoi
- je veux commander un café
- horaires
- où est mon colis
- je peux modifier ma commande
- oui
- non merci
- l'appli ne marche pas
- combien coûte la livraison
- je m'appelle Jean
- vous avez des cartes cadeaux
- un cappuccino svp
- au revoir

# es
+ agente
+ humano
+ persona
+ asesor
+ asesora
+ operador
+ una persona
+ quiero un agente
+ quiero hablar con un humano
+ hablar con un asesor
+ ¿puedo hablar con alguien?
+ conéctame con un agente
+ necesito ayuda de una persona real
+ ¿hay algún humano?
+ dame un asesor
+ servicio al cliente por favor
+ quiero hablar con un humano de verdad porfa
+ ¿puedo hablar con un empleado?
+ ¿una persona me puede ayudar?
+ alguien del equipo por favor
+ pásame con alguien
+ un asesor tiene que ver esto
+ ¿alguien me puede llamar?
+ ajente
+ ayuda humana por favor
+ quiero hablar con uno de sus asesores
! el asesor fue muy amable
! su agente me dijo que esperara
! hablé con alguien en la tienda ayer
! somos 3 personas
! no necesito un asesor, gracias
! hay un error humano en la factura
! soy una persona real, no un robot
- hola
- ¿qué venden?
- quiero pedir un café
- horario
- ¿dónde está mi paquete?
- ¿puedo cambiar mi pedido?
- sí
- no gracias
- la app no funciona
- ¿cuánto cuesta el envío?
- me llamo Juan
- ¿tienen tarjetas regalo?
- un capuchino por favor
- adiós

# pt
+ atendente
+ humano
+ pessoa
+ operador
+ uma pessoa
+ quero um atendente
+ quero falar com um humano
+ falar com um atendente
+ posso falar com alguém?
+ me conecta com um atendente
+ preciso de ajuda de uma pessoa real
+ tem algum humano?
+ me dá um atendente
+ serviço de atendimento por favor
+ quero falar com um humano de verdade pfv
+ posso falar com um funcionário?
+ uma pessoa pode me ajudar?
+ alguém da equipe por favor
+ me passa para alguém
+ um atendente precisa ver isso
+ alguém pode me ligar?
+ atendende
+ ajuda humana por favor
+ quero falar com um dos seus atendentes
+ suporte humano
! o atendente foi muito simpático
! seu atendente me disse para esperar
! falei com alguém na loja ontem
! somos 3 pessoas
! não preciso de atendente, obrigado
! tem um erro humano na nota
! sou uma pessoa real, não um robô
- oi
- o que vocês vendem?
- quero pedir um café
- horário
- cadê meu pacote?
- posso mudar meu pedido?
- sim
- não obrigado
- o app não funciona
- quanto custa a entrega?
- meu nome é João
- vocês têm vale-presente?
- um cappuccino por favor
- tchau

# it
+ operatore
+ umano
+ persona
+ consulente
+ assistente
+ una persona
+ voglio un operatore
+ voglio parlare con un umano
+ parlare con un consulente
+ posso parlare con qualcuno?
+ collegami con un operatore
+ ho bisogno dell'aiuto di una persona reale
+ c'è un umano?
+ dammi un operatore
+ servizio clienti per favore
+ voglio parlare con un umano vero per favore
+ posso parlare con un dipendente?
+ una persona può aiutarmi?
+ qualcuno del team per favore
+ passami qualcuno
+ un operatore deve guardare questa cosa
+ qualcuno può chiamarmi?
+ operatre
+ assistenza umana per favore
+ vorrei parlare con uno dei vostri consulenti
! l'operatore è stato molto gentile
! il vostro operatore mi ha detto di aspettare
! ho parlato con qualcuno in negozio ieri
! siamo 3 persone
! non mi serve un operatore, grazie
! c'è un errore umano nella fattura
! sono una persona vera, non un robot
- ciao
- cosa vendete?
- voglio ordinare un caffè
- orari
- dov'è il mio pacco?
- posso modificare il mio ordine?
- sì
- no grazie
- l'app non funziona
- quanto costa la spedizione?
- mi chiamo Marco
- avete buoni regalo?
- un cappuccino per favore
- ciao ciao
`);
