"""The word lists the speaker rules share (the lexicon holds the general ones)."""

from __future__ import annotations

from claims.extraction.lexicon import (
    GROUP_NOUNS,
    ORGANISATION_HEADS,
    PAIR_PERSON_NOUNS,
    PAIR_PLACE_NOUNS,
    ROLE_NOUNS,
    words,
)

CONNECTORS = words("of for and de van von der den bin al la le du da del")
DETERMINERS = words("the a an")
DASHES = frozenset({"—", "\u2013", "-"})
# Openers of an adverbial phrase before the subject: "On the eve of the visit, Putin said".
LEADING_ADVERBIAL = words(
    """in on at while after before since when as during speaking asked earlier later last
    under despite although though because if following for with by from over unlike
    like once until"""
)
LEADING_CONJUNCTIONS = words("but and so yet still however meanwhile also")
# What may stand between a speech verb and "that": "said in an interview with Chinese media
# that", "told reporters on Tuesday that".
BEFORE_THAT = words(
    """in on at during after before to last this earlier later repeatedly recently
    previously reporters journalists lawmakers publicly also again"""
)
AGENCY_HEADS = words(
    """administration department ministry bureau office commission authority agency board
    service"""
)
COMPANY_WORDS = words("company firm drugmaker carmaker group business")
SPOKESPEOPLE = words("spokesperson spokesman spokeswoman representative")
GOING_ON = words("added adds continued continues")
# ", saying ...", ", adding that ...": the main clause's subject said what follows.
SPEECH_PARTICIPLES = words(
    "saying adding arguing noting warning claiming insisting stressing explaining"
)
HEAD_NOUNS = (
    ROLE_NOUNS
    | ORGANISATION_HEADS
    | PAIR_PLACE_NOUNS
    | PAIR_PERSON_NOUNS
    | GROUP_NOUNS
    | COMPANY_WORDS
)
MULTIWORD_TITLES = {
    ("prime", "minister"): "prime minister",
    ("chief", "executive"): "chief executive",
}
# Lower-case words that may qualify a role before a name: "central bank governor Jane Smith".
ROLE_MODIFIERS = words(
    """chief senior deputy foreign finance defense defence interior central bank district
    federal state former top lead executive vice acting interim assistant associate"""
)
