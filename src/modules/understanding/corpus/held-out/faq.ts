// Held-out customer questions for the example flow's opening-hours FAQ entry (EN, NL): see corpus/README.md.
// `+` is a question the entry `hours` of examples/flows/coffee-shop.yaml answers; `-` and `!` are not.
import { parseCorpus } from '../format.ts';

export const faqHoursHeldOut = parseCorpus(`
# en
+ when are you open?
+ what time do you close today
+ are you open on sunday?
+ opening times pls
+ till what time can I come by on saturday
+ is the shop open right now?
+ what are your hours this weekend
+ how late are you open tonight
+ do you open early in the morning?
+ when do you guys open tomorrow
! I want to open a complaint about my order
! the package was opened when it arrived
- do you sell oat milk?
- how much is a flat white
- where is my order
- can I pay with card?
- my coffee was cold
- is there wifi?
- do you have vegan cake
- thanks!

# nl
+ hoe laat zijn jullie open?
+ tot hoe laat zijn jullie open vandaag
+ zijn jullie zondag open?
+ openingstijden aub
+ hoe laat gaan jullie dicht
+ is de winkel nu open?
+ wanneer gaan jullie morgen open
+ zijn jullie zaterdag geopend
+ hoe vroeg kan ik langskomen
+ tot wanneer kan ik vanavond langskomen
! mijn pakket was open toen het aankwam
! ik wil een klacht indienen over mijn bestelling
- verkopen jullie havermelk?
- wat kost een flat white
- waar blijft mijn bestelling
- kan ik pinnen?
- mijn koffie was koud
- hebben jullie wifi?
- hebben jullie vegan taart
- bedankt!
`);
