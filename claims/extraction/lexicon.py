"""Word lists the splitter, the scorer and the speaker resolver share.

Kept as data, apart from the code, so a desk can read (and extend) what the rules know.
All entries are lower case.
"""

from __future__ import annotations

from collections.abc import Iterable


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- Sentence boundaries ---------------------------------------------------------------

# Abbreviations that stand before a name or a number and so never end a sentence.
PREFIX_ABBREVIATIONS = words(
    """mr mrs ms messrs mme dr prof sen sens rep reps gov lt col gen maj sgt capt cmdr adm
    rev hon pres supt det insp st mt ft no nos vol vols fig figs art arts sec ch para pp op
    cf vs v approx dept univ assn atty gens"""
)

# Abbreviations that may also end a sentence ("... moved to Sacramento, Calif. The ...").
# After these a sentence ends only when the next word is a typical sentence opener.
AMBIGUOUS_ABBREVIATIONS = words(
    """inc ltd co corp plc llc jr sr bros etc al ave blvd rd
    jan feb mar apr jun jul aug sep sept oct nov dec
    ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss
    mo mont neb nev okla ore pa penn tenn tex va vt wash wis wyo"""
)

# Words that commonly open a sentence: after an ambiguous abbreviation they mean a new one.
SENTENCE_OPENERS = words(
    """the a an he she it they we i you this that these those there here his her its their
    our my your but and or so yet still also then meanwhile however in on at for from with
    by to as if when while after before since although though because once until unless
    despite during under over some many most several few all both each one officials
    police authorities what why how who where which no not nor now today yesterday last
    next earlier later"""
)

# --- Speech and attribution ------------------------------------------------------------

SPEECH_VERBS = words(
    """said says say told tells added adds stated announced announces warned warns claimed
    claims claim mentioned mentions vowed vows argued argues insisted insists noted explained
    explains wrote writes testified asserted asserts alleged alleges confirmed confirms
    denied denies acknowledged acknowledges admitted admits estimated predicted predicts
    reported reports maintained contended declared declares pledged pledges promised
    promises threatened threatens stressed emphasized emphasised cautioned conceded
    complained countered replied responded asked urged tweeted"""
)

# Speech verbs that report a statement without "that" ("Putin said the proposal could ...");
# the others ("conceded", "denied", "confirmed") need "that", a colon or a quotation, since
# "Ortiz conceded shortly before midnight" reports an act, not a statement.
SPEECH_VERBS_BARE_CLAUSE = words(
    """said says say told tells added adds wrote writes stated claimed claims argued argues
    insisted insists warned warns estimated predicted noted reported announced"""
)

# Verbs whose object comes before the statement: "told supporters the campaign had ...".
SPEECH_VERBS_WITH_OBJECT = words("told tells assured informed reminded")

# Speech verbs whose "to" infinitive is still reported speech ("vowed to assert control");
# "claims to be neutral" is a pretence, not a statement, so claim is not among them.
SPEECH_VERBS_WITH_INFINITIVE = words(
    "vowed vows pledged pledges promised promises threatened threatens urged"
)

# Auxiliaries and adverbs allowed between a speaker and the speech verb.
SPEECH_AUXILIARIES = words("has have had has've will would also previously recently repeatedly")
SPEECH_ADVERBS = words(
    """also previously recently repeatedly later earlier again once often publicly
    privately separately"""
)

PRONOUNS = words("he she")

# Unnamed groups: "Officials said ..." reports speech but names nobody.
GROUP_NOUNS = words(
    """officials critics analysts experts economists residents lawmakers investors
    researchers scientists doctors witnesses protesters authorities sources observers
    diplomats activists officers prosecutors lawyers traders voters workers parents
    teachers students farmers growers opponents supporters people many some others"""
)

# Role nouns: "Chinese leader Xi Jinping", "Hoo Tiang Boon, a professor", "the governor".
ROLE_NOUNS = words(
    """president leader premier chancellor minister secretary spokesman spokeswoman
    spokesperson professor judge justice governor senator representative congressman
    congresswoman mayor economist analyst lawyer attorney prosecutor director chairman
    chairwoman chair executive ceo founder researcher scientist official ambassador
    commissioner envoy commander chief king queen pope prince princess coach
    manager editor adviser advisor cardiologist doctor physician surgeon nurse historian
    strategist diplomat lawmaker candidate officer challenger rival opponent incumbent
    nominee member councillor councilman councilwoman negotiator mediator inspector auditor
    treasurer sheriff"""
)

# Capitalised titles as written before a name, mapped to the role noun they mean.
TITLES = {
    "president": "president",
    "pres": "president",
    "prime": "prime minister",
    "minister": "minister",
    "chancellor": "chancellor",
    "premier": "premier",
    "secretary": "secretary",
    "gov": "governor",
    "governor": "governor",
    "sen": "senator",
    "senator": "senator",
    "rep": "representative",
    "representative": "representative",
    "judge": "judge",
    "justice": "justice",
    "mayor": "mayor",
    "prof": "professor",
    "professor": "professor",
    "dr": "",
    "gen": "general",
    "general": "general",
    "adm": "admiral",
    "admiral": "admiral",
    "col": "colonel",
    "lt": "lieutenant",
    "capt": "captain",
    "sgt": "sergeant",
    "ambassador": "ambassador",
    "commissioner": "commissioner",
    "chairman": "chairman",
    "chairwoman": "chairwoman",
    "chief": "chief",
    "ceo": "chief executive",
    "king": "king",
    "queen": "queen",
    "pope": "pope",
    "prince": "prince",
    "princess": "princess",
    "mr": "",
    "mrs": "",
    "ms": "",
    "rev": "reverend",
    "attorney": "attorney",
    "speaker": "speaker",
    "leader": "leader",
}

# Heads of state and government are also "the ... leader" in later references.
LEADER_ROLES = words("president premier chancellor king queen minister")

# The heads of organisation names: "the alliance" refers back to "Delta Fish Alliance".
ORGANISATION_HEADS = words(
    """alliance association bank court council commission committee agency administration
    department ministry office company corporation corp inc ltd plc llc group party union
    university institute foundation fund board authority service bureau organization
    organisation federation reserve parliament senate congress government network news
    times post hospital police army navy kremlin cabinet tribunal exchange statistics"""
)
COMPANY_SUFFIXES = words("inc corp ltd plc llc co company corporation")

# Plural descriptions that refer back to the last pair named ("the two countries").
PAIR_PLACE_NOUNS = words("countries nations sides governments states powers neighbours neighbors")
PAIR_PERSON_NOUNS = words("leaders men women presidents officials ministers")

# Demonyms that qualify a title: "Russian President", "the Chinese leader".
DEMONYMS = words(
    """american british chinese russian ukrainian french german italian spanish japanese
    korean indian pakistani iranian iraqi israeli palestinian syrian turkish egyptian saudi
    canadian mexican brazilian argentine australian european african polish dutch belgian
    swedish norwegian danish finnish greek hungarian czech romanian serbian taiwanese
    vietnamese thai indonesian filipino nigerian kenyan south-african belarusian
    georgian armenian afghan swiss austrian irish scottish welsh english western eastern
    northern southern"""
)

# --- Capitalised words that are not names ----------------------------------------------

MONTHS = words(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec"""
)
WEEKDAYS = words("monday tuesday wednesday thursday friday saturday sunday")

# Closed-class words: capitalised only because they open a sentence or a quote.
FUNCTION_WORDS = words(
    """a an the this that these those there here he she it they we i you his her its their
    our my your him them us me who whom whose which what why how when where while after
    before since although though because once until unless despite during under over
    but and or nor so yet still also then meanwhile however in on at for from with by to
    as if of about into onto upon than like both each either neither all any some many
    most several few no not now today yesterday tomorrow last next earlier later is are
    was were be been has have had do does did will would can could may might must should
    shall"""
)

# --- Check-worthiness cues -------------------------------------------------------------

NUMBER_WORDS = words(
    """three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty
    fifty sixty seventy eighty ninety hundred hundreds thousand thousands million millions
    billion billions trillion trillions dozen dozens"""
)
SCALE_WORDS = words("thousand million billion trillion bn mn m k")
CURRENCY_WORDS = words(
    """dollar dollars euro euros pound pounds yen yuan renminbi ruble rubles rouble roubles
    rupee rupees franc francs peso pesos won real reais lira"""
)

SUPERLATIVES = words(
    """largest biggest highest lowest strongest weakest fastest slowest worst best greatest
    smallest longest shortest deepest richest poorest oldest youngest newest heaviest
    hottest coldest warmest wettest driest deadliest costliest busiest closest most least
    record"""
)
TREND_WORDS = words(
    """increasingly increase increased increases decrease decreased decreases rose risen
    rise rises fell fallen fall falls doubled tripled halved grew grown growing shrank
    shrunk shrinks declined decline declines dropped drop drops jumped surged plunged
    climbed slipped slowed cooled strengthened weakened expanded expanding contracted"""
)

LAW_WORDS = words(
    """law laws legal legally illegal illegally unlawful lawful treaty treaties sanction
    sanctions sanctioned statute statutes constitution constitutional court courts ruling
    ruled verdict convicted conviction legislation regulation regulations regulator
    mandate mandated banned ban bans agreement accord pact prohibited prohibits lawsuit
    sued indicted ordinance tariff tariffs decree obliged obligated"""
)

OPINION_WORDS = words(
    """hope hopes hoped hoping appreciate appreciates appreciated should ought believe
    believes think thinks feel feels wish wishes regret regrets good great excellent
    wonderful terrible awful beautiful encouraging disappointing symbolic constructive
    deserve deserves"""
)
HEDGE_WORDS = words(
    """may might could perhaps possibly probably likely unlikely seem seems seemed appear
    appears potentially reportedly allegedly"""
)
VAGUE_WORDS = words("largely somewhat rather fairly various generally")
FIRST_PERSON = words("i we us our me my")

# Verbs of named actors doing named things; inflected forms are derived below.
ACTION_VERBS = words(
    """supply sign reject invade propose launch divert rely sell buy export import ban approve
    pass vote veto sue rule fine sentence convict charge arrest acquit appoint resign elect
    win lose attack strike bomb kill capture seize deploy withdraw sanction raise cut lower
    borrow lend pay spend invest fund build develop produce manufacture share help back
    support send deliver provide receive hold ratify open close block fail meet visit thank
    reaffirm formalize formalise agree hire fire grow shrink rise fall increase decrease
    expand strengthen weaken double triple recall keep order file publish release detect
    find injure evacuate destroy damage occupy annex bolster mitigate circumvent dominate
    transfer divert recall report remain"""
)

_IRREGULAR = {
    "sell": ("sold",),
    "buy": ("bought",),
    "win": ("won", "winning"),
    "lose": ("lost",),
    "strike": ("struck",),
    "pay": ("paid",),
    "spend": ("spent",),
    "build": ("built",),
    "send": ("sent",),
    "hold": ("held",),
    "grow": ("grew", "grown"),
    "rise": ("rose", "risen"),
    "fall": ("fell", "fallen"),
    "cut": ("cutting",),
    "meet": ("met",),
    "keep": ("kept",),
    "find": ("found",),
    "lend": ("lent",),
    "shrink": ("shrank", "shrunk"),
    "ban": ("banned", "banning"),
    "veto": ("vetoes", "vetoed", "vetoing"),
    "withdraw": ("withdrew", "withdrawn"),
    "lay": ("laid",),
}


def inflections(lemmas: Iterable[str]) -> frozenset[str]:
    """Regular English forms of each verb plus the irregular ones listed above."""
    forms: set[str] = set()
    for lemma in lemmas:
        forms.add(lemma)
        forms.update(_IRREGULAR.get(lemma, ()))
        if lemma.endswith("y") and lemma[-2] not in "aeiou":
            forms.update({lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"})
        elif lemma.endswith("e"):
            forms.update({lemma + "s", lemma + "d", lemma[:-1] + "ing"})
        elif lemma.endswith(("s", "sh", "ch", "x", "z")):
            forms.update({lemma + "es", lemma + "ed", lemma + "ing"})
        else:
            forms.update({lemma + "s", lemma + "ed", lemma + "ing"})
    return frozenset(forms)


ACTION_VERB_FORMS = inflections(ACTION_VERBS)
