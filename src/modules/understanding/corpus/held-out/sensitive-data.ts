// Held-out texts for the sensitive-data request detector in its new languages (FR, ES, PT, IT): see corpus/README.md.
// EN, NL and DE are measured on the detector's original corpus (src/modules/templates/detector-corpus.ts).
import { parseCorpus } from '../format.ts';

export const sensitiveDataHeldOut = parseCorpus(`
# fr
+ Merci de nous envoyer le numéro complet de votre carte bancaire.
+ Pour finaliser, indiquez-nous le cryptogramme au dos de votre carte.
+ Pouvez-vous nous communiquer votre RIB ou IBAN pour le remboursement ?
+ Envoyez-nous une photo de votre carte d'identité, s'il vous plaît.
+ Répondez avec votre mot de passe pour débloquer le compte.
+ Quel est votre numéro de sécurité sociale ?
+ Merci de nous transmettre le code reçu par SMS.
+ Donnez-nous votre code PIN pour réactiver la carte.
! Nous ne vous demanderons jamais votre mot de passe ni votre code PIN.
! Pour vérifier, indiquez les 4 derniers chiffres de votre carte.
! Merci de virer {{1}} sur l'IBAN FR76 3000 6000 0112 3456 7890 189.
! {{1}} est votre code de vérification. Ne le communiquez à personne.
! Saisissez votre code PIN sur le terminal lors du retrait.
- Votre mot de passe a été modifié le {{1}}.
- Votre commande {{1}} a été expédiée.
- Votre nouvelle carte se terminant par {{1}} est activée.

# es
+ Por favor, envíanos el número completo de tu tarjeta.
+ Indícanos el código CVV que aparece en el reverso de tu tarjeta.
+ ¿Nos puedes facilitar tu IBAN para hacer el reembolso?
+ Envía una foto de tu DNI para verificar tu cuenta.
+ Responde con tu contraseña para desbloquear la cuenta.
+ ¿Cuál es tu número de la seguridad social?
+ Reenvíanos el código que te llegó por SMS.
+ Dinos tu PIN para reactivar la tarjeta.
! Nunca te pediremos tu contraseña ni tu PIN.
! Para verificar, indícanos los 4 últimos dígitos de tu tarjeta.
! Transfiere {{1}} al IBAN ES91 2100 0418 4502 0005 1332.
! {{1}} es tu código de verificación. No lo compartas con nadie.
! Introduce tu PIN en el datáfono al recoger el pedido.
- Tu contraseña se cambió el {{1}}.
- Tu pedido {{1}} ha sido enviado.
- Tu nueva tarjeta terminada en {{1}} ya está activa.

# pt
+ Por favor, envie o número completo do seu cartão de crédito.
+ Informe o código de segurança (CVV) do verso do cartão.
+ Pode nos passar seu IBAN ou número da conta para o reembolso?
+ Mande uma foto do seu documento de identidade (RG) para verificarmos.
+ Responda com a sua senha para desbloquear a conta.
+ Qual é o seu CPF?
+ Envie o código que você recebeu por SMS.
+ Nos diga o seu PIN para reativar o cartão.
! Nunca pediremos a sua senha ou o seu PIN.
! Para confirmar, informe os 4 últimos dígitos do seu cartão.
! Transfira {{1}} para o IBAN PT50 0002 0123 1234 5678 9015 4.
! {{1}} é o seu código de verificação. Não o compartilhe com ninguém.
! Digite seu PIN na maquininha ao retirar o pedido.
- Sua senha foi alterada em {{1}}.
- Seu pedido {{1}} foi enviado.
- Seu novo cartão final {{1}} foi ativado.

# it
+ Per favore inviaci il numero completo della tua carta di credito.
+ Indicaci il codice CVV sul retro della carta.
+ Puoi comunicarci il tuo IBAN per il rimborso?
+ Inviaci una foto della tua carta d'identità per la verifica.
+ Rispondi con la tua password per sbloccare l'account.
+ Qual è il tuo codice fiscale?
+ Inoltraci il codice che hai ricevuto via SMS.
+ Dicci il tuo PIN per riattivare la carta.
! Non ti chiederemo mai la password o il PIN.
! Per verifica, indicaci le ultime 4 cifre della tua carta.
! Effettua il bonifico di {{1}} sull'IBAN IT60 X054 2811 1010 0000 0123 456.
! {{1}} è il tuo codice di verifica. Non condividerlo con nessuno.
! Digita il PIN sul POS al momento del ritiro.
- La tua password è stata modificata il {{1}}.
- Il tuo ordine {{1}} è stato spedito.
- La tua nuova carta che termina con {{1}} è attiva.
`);
