/**
 * Word lists for the few-shot tasks and the fact sentences, written for this
 * project from general knowledge (authored). Several tasks share their inputs
 * (a noun has a plural, a French word and a category; an adjective has an
 * opposite and a French word), so that only the examples of a prompt say
 * which task is meant.
 *
 * Nouns:  "english:french:category" (category may be empty; a noun with a
 *         "!" after the English word has no regular plural and stays out of
 *         the plural task).
 * Pairs:  "a:b" opposites, both directions are used.
 * Verbs:  regular verbs whose past tense adds -ed (or -d after e).
 */

export const NOUNS = `
cat:chat:animal dog:chien:animal horse:cheval:animal cow:vache:animal pig:cochon:animal bird:oiseau:animal duck:canard:animal
rabbit:lapin:animal lion:lion:animal tiger:tigre:animal bear:ours:animal snake:serpent:animal frog:grenouille:animal
elephant:éléphant:animal monkey:singe:animal goat:chèvre:animal chicken:poulet:animal whale:baleine:animal shark:requin:animal
fox:renard:animal owl:hibou:animal eagle:aigle:animal bee:abeille:animal ant:fourmi:animal spider:araignée:animal
camel:chameau:animal zebra:zèbre:animal giraffe:girafe:animal donkey:âne:animal turtle:tortue:animal insect:insecte:animal
parrot:perroquet:animal dolphin:dauphin:animal squirrel:écureuil:animal rat:rat:animal crab:crabe:animal wolf!:loup:animal
mouse!:souris:animal fish!:poisson:animal sheep!:mouton:animal deer!:cerf:animal
apple:pomme:fruit banana:banane:fruit pear:poire:fruit grape:raisin:fruit lemon:citron:fruit peach:pêche:fruit
plum:prune:fruit melon:melon:fruit apricot:abricot:fruit pineapple:ananas:fruit kiwi:kiwi:fruit cherry!:cerise:fruit
strawberry!:fraise:fruit mango!:mangue:fruit
carrot:carotte:vegetable tomato!:tomate:vegetable onion:oignon:vegetable bean:haricot:vegetable pea:pois:vegetable
cabbage:chou:vegetable pumpkin:citrouille:vegetable cucumber:concombre:vegetable turnip:navet:vegetable lettuce!:laitue:vegetable
radish:radis:vegetable mushroom:champignon:vegetable potato!:patate:vegetable garlic!:ail:vegetable corn!:maïs:vegetable
red!:rouge:colour blue!:bleu:colour green!:vert:colour yellow!:jaune:colour black!:noir:colour white!:blanc:colour
brown!:brun:colour pink!:rose:colour purple!:violet:colour grey!:gris:colour
car:voiture:vehicle bus:bus:vehicle train:train:vehicle truck:camion:vehicle bicycle:vélo:vehicle boat:bateau:vehicle
ship:navire:vehicle plane:avion:vehicle taxi:taxi:vehicle tractor:tracteur:vehicle van:camionnette:vehicle
motorcycle:moto:vehicle rocket:fusée:vehicle helicopter:hélicoptère:vehicle tram:tram:vehicle scooter:scooter:vehicle
hammer:marteau:tool saw:scie:tool drill:perceuse:tool spoon:cuillère:tool fork:fourchette:tool shovel:pelle:tool
axe:hache:tool rake:râteau:tool brush:brosse:tool needle:aiguille:tool ladder:échelle:tool wrench:clé:tool
screwdriver:tournevis:tool pencil:crayon:tool pen:stylo:tool ruler:règle:tool knife!:couteau:tool
chair:chaise:furniture table:table:furniture bed:lit:furniture desk:bureau:furniture sofa:canapé:furniture
lamp:lampe:furniture cupboard:placard:furniture stool:tabouret:furniture bench:banc:furniture wardrobe:armoire:furniture
mirror:miroir:furniture couch:divan:furniture shelf!:étagère:furniture
shirt:chemise:clothing hat:chapeau:clothing coat:manteau:clothing shoe:chaussure:clothing sock:chaussette:clothing
dress:robe:clothing skirt:jupe:clothing jacket:veste:clothing boot:botte:clothing glove:gant:clothing belt:ceinture:clothing
sweater:pull:clothing tie:cravate:clothing cap:casquette:clothing scarf!:écharpe:clothing
water!:eau:drink milk!:lait:drink tea!:thé:drink coffee!:café:drink juice!:jus:drink wine!:vin:drink beer!:bière:drink
lemonade!:limonade:drink
hand:main:body part head:tête:body part arm:bras:body part leg:jambe:body part eye:œil:body part ear:oreille:body part
nose:nez:body part mouth:bouche:body part finger:doigt:body part knee:genou:body part neck:cou:body part
shoulder:épaule:body part heart:cœur:body part toe:orteil:body part lip:lèvre:body part elbow:coude:body part
foot!:pied:body part tooth!:dent:body part
piano:piano:instrument guitar:guitare:instrument violin:violon:instrument drum:tambour:instrument flute:flûte:instrument
trumpet:trompette:instrument harp:harpe:instrument cello:violoncelle:instrument horn:cor:instrument bell:cloche:instrument
clarinet:clarinette:instrument organ:orgue:instrument
rain!:pluie:weather snow!:neige:weather wind!:vent:weather storm:tempête:weather fog!:brouillard:weather cloud:nuage:weather
thunder!:tonnerre:weather hail!:grêle:weather frost!:gel:weather lightning!:éclair:weather rainbow:arc:weather mist!:brume:weather
breeze:brise:weather
house:maison: school:école: book:livre: tree:arbre: flower:fleur: door:porte: window:fenêtre: city:ville: street:rue:
river:rivière: sea!:mer: mountain:montagne: garden:jardin: bread!:pain: cheese!:fromage: egg:œuf: cake:gâteau: friend:ami:
mother:mère: father:père: brother:frère: sister:sœur: boy:garçon: girl:fille: king:roi: queen:reine: teacher:professeur:
doctor:médecin: day:jour: night:nuit: week:semaine: year:année: moon:lune: star:étoile: sky!:ciel: fire:feu: road:route:
bridge:pont: church:église: shop:magasin: room:chambre: kitchen:cuisine: key:clé: letter:lettre: word:mot: name:nom:
song:chanson: game:jeu: ball:balle: box:boîte: bag:sac: cup:tasse: plate:assiette: bottle:bouteille: glass:verre:
clock:horloge: watch:montre: phone:téléphone: computer:ordinateur: picture:image: map:carte: village:village: farm:ferme:
island:île: forest:forêt: beach:plage: lake:lac: field:champ: hill:colline: stone:pierre: bank:banque: money!:argent:
`;

export const OPPOSITES = `
hot:cold big:small good:bad new:old young:old high:low long:short fast:slow happy:sad rich:poor strong:weak open:closed
light:dark heavy:light hard:soft wet:dry clean:dirty full:empty early:late easy:difficult loud:quiet thick:thin wide:narrow
deep:shallow tall:short fat:thin near:far cheap:expensive true:false safe:dangerous sweet:sour smooth:rough warm:cool
brave:afraid kind:cruel polite:rude awake:asleep alive:dead right:wrong first:last inside:outside above:below up:down
in:out on:off day:night black:white win:lose buy:sell push:pull give:take come:go start:finish laugh:cry love:hate
always:never yes:no boy:girl man:woman king:queen north:south east:west summer:winter question:answer friend:enemy
sick:healthy noisy:quiet ugly:beautiful clever:stupid tight:loose top:bottom front:back many:few same:different
before:after arrive:leave remember:forget accept:refuse float:sink lend:borrow teach:learn mother:father sister:brother
uncle:aunt husband:wife war:peace sunrise:sunset entrance:exit rise:fall forward:backward begin:end asleep:awake
morning:evening city:country land:sea heaven:earth full:hungry plus:minus whisper:shout lost:found dry:wet
`;

export const FRENCH_EXTRA = `
hot:chaud cold:froid big:grand small:petit good:bon bad:mauvais new:nouveau old:vieux young:jeune high:haut low:bas
long:long short:court fast:rapide slow:lent happy:heureux sad:triste rich:riche poor:pauvre strong:fort weak:faible
open:ouvert closed:fermé heavy:lourd hard:dur soft:doux wet:mouillé dry:sec clean:propre dirty:sale full:plein empty:vide
early:tôt late:tard easy:facile difficult:difficile beautiful:beau ugly:laid sweet:sucré true:vrai false:faux
one:un two:deux three:trois four:quatre five:cinq six:six seven:sept eight:huit nine:neuf ten:dix
yes:oui no:non hello:bonjour thanks:merci today:aujourd tomorrow:demain always:toujours never:jamais
`;

export const VERBS = `
walk jump talk play cook clean open watch help look call ask want need work start finish kick push pull climb paint visit
wait listen answer learn laugh stay travel wash kiss miss pick pack lock knock park point rest plant shout touch turn fill
spell smell melt land count end mark pass print order offer enter join cover remember repeat report return wish wander
yell pour pray enjoy obey borrow follow allow show fix mix relax jump check crash dream explain fail float greet hunt
kill lift match pretend protect rain reach shock sail sign trust belong bless boil burn camp cheer collect crawl doubt
dress drown film float guard hand heat howl milk mourn paint pull punch quack rock rush scream search shiver shrug sniff
snow sound spark spray squeak start steer stretch suck test thank train trick twist visit warm whisper wink yawn
smile dance like love hope move live bake close change use share save race skate wave hate taste chase arrive decide
invite believe place joke score serve smoke wipe prepare promise notice pause care dare glue tickle wiggle rescue
`;

export interface NounEntry {
  word: string;
  french: string;
  category: string | null;
  regularPlural: boolean;
}

export function nouns(): NounEntry[] {
  const out: NounEntry[] = [];
  for (const line of NOUNS.trim().split('\n')) {
    // Categories may hold a space ("body part"): split on spaces not followed by a lower-case letter run and ":".
    for (const m of line.matchAll(/([a-zé]+)(!?):([^:\s]+):((?:body part)|[a-z]*)/g)) {
      out.push({ word: m[1] as string, french: m[3] as string, category: m[4] ? (m[4] as string) : null, regularPlural: m[2] !== '!' });
    }
  }
  return out;
}

export function pairsOf(text: string): [string, string][] {
  return text
    .trim()
    .split(/\s+/)
    .map((p) => p.split(':') as [string, string]);
}

export function verbs(): string[] {
  return [...new Set(VERBS.trim().split(/\s+/))];
}

/** Plural of a regular noun: -es after s, x, z, ch, sh; otherwise -s. */
export function pluralOf(noun: string): string {
  return /(s|x|z|ch|sh)$/.test(noun) ? `${noun}es` : `${noun}s`;
}

/** Past tense of a regular verb: -d after e, otherwise -ed. */
export function pastOf(verb: string): string {
  return verb.endsWith('e') ? `${verb}d` : `${verb}ed`;
}
