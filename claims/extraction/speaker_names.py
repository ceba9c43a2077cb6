"""Names in one sentence: runs of capitalised words, people and organisations, titles and
roles before or after a name, and the names the memory learns from the sentence."""

from __future__ import annotations

from dataclasses import dataclass

from claims.extraction.lexicon import (
    COMPANY_SUFFIXES,
    DEMONYMS,
    MONTHS,
    ORGANISATION_HEADS,
    ROLE_NOUNS,
    TITLES,
)
from claims.extraction.speaker_memory import Memory
from claims.extraction.speaker_words import (
    CONNECTORS,
    DETERMINERS,
    MULTIWORD_TITLES,
    ROLE_MODIFIERS,
)
from claims.extraction.tokens import OPENING_QUOTES, Token


@dataclass(frozen=True)
class NameRun:
    """A run of capitalised words: a name, perhaps with titles before it."""

    start: int  # token indices
    end: int
    name_start: int
    role: str
    modifiers: tuple[str, ...]
    kind: str  # "person", "organisation" or "unknown"


@dataclass(frozen=True)
class Subject:
    kind: str  # "name", "pronoun", "group", "description"
    start: int
    end: int
    speaker: str | None
    run: NameRun | None = None  # the name run the speaker comes from


class NameReader:
    """Reads one sentence's names against the memory (the base of SentenceReader)."""

    def __init__(
        self, sentence: str, tokens: list[Token], memory: Memory, *, inside_quote: bool = False
    ) -> None:
        self.sentence = sentence
        self.tokens = tokens
        self.memory = memory
        self.inside_quote = inside_quote
        self._speaker_subject: Subject | None = None
        self._last_subject: Subject | None = None
        # Several rules ask for the main clause and its subject: work them out once.
        self._clause_starts: dict[bool, int] = {}
        self._subjects: dict[tuple[int, bool], Subject | None] = {}
        self._place_pair: str | None = None
        self.runs = self._find_runs()
        self._runs_by_start = {run.start: run for run in self.runs}

    # --- names --------------------------------------------------------------------------

    def _find_runs(self) -> list[NameRun]:
        tokens = self.tokens
        runs: list[NameRun] = []
        i = 0
        while i < len(tokens):
            if not (tokens[i].is_name_word() or self._month_as_first_name(i)):
                i += 1
                continue
            j = i + 1
            while j < len(tokens):
                if tokens[j].is_name_word() and not tokens[j - 1].possessive:
                    j += 1
                elif (
                    tokens[j].lower in CONNECTORS
                    and j + 1 < len(tokens)
                    and tokens[j + 1].is_name_word()
                    and not tokens[j - 1].possessive
                ):
                    j += 2
                else:
                    break
            runs.extend(self._split_pairs(i, j))
            i = j
        return runs

    def _month_as_first_name(self, k: int) -> bool:
        """ "Jan Hatzius", "April Ryan": a capitalised month before a surname is a name."""
        tokens = self.tokens
        return (
            tokens[k].capitalised
            and tokens[k].bare in MONTHS
            and k + 1 < len(tokens)
            and tokens[k + 1].is_name_word()
            and not tokens[k + 1].text.isupper()
        )

    def _split_pairs(self, start: int, end: int) -> list[NameRun]:
        tokens = self.tokens
        last = tokens[end - 1].bare
        ands = [k for k in range(start, end) if tokens[k].lower == "and"]
        if not ands or last in ORGANISATION_HEADS:
            return [self._classify(start, end)]
        bounds = [start, *ands, end]
        parts = [(bounds[0], bounds[1])] + [
            (a + 1, b) for a, b in zip(ands, bounds[2:], strict=True)
        ]
        runs = [self._classify(s, e) for s, e in parts if s < e]
        names = [self._name_text(run.name_start, run.end) for run in runs]
        if len(runs) == 2 and not any(
            run.kind == "person" or self.memory.resolve_name(name) in self.memory.persons
            for run, name in zip(runs, names, strict=True)
        ):
            self._place_pair = " and ".join(names)
        return runs

    def _classify(self, start: int, end: int) -> NameRun:
        tokens = self.tokens
        role, modifiers, name_start = "", [], start
        for k in range(end - 2, start - 1, -1):
            title = _title_at(tokens, k, end)
            if title is not None:
                role, width = title
                name_start = k + width
                modifiers = [t.bare for t in tokens[start:k]]
                break
        if (
            name_start == start
            and end - start >= 3
            and tokens[start].bare in ROLE_NOUNS
            and tokens[start].bare not in ORGANISATION_HEADS
        ):
            # "Economist Paul Grant said": a role capitalised because it opens the sentence.
            role, name_start = tokens[start].bare, start + 1
        kind = "person" if name_start > start else "unknown"
        if kind == "unknown":
            role_before = self._role_before(start)
            if role_before is not None:
                role, modifiers, kind = role_before[0], role_before[1], "person"
        apposition = self._role_after(end)
        if apposition is not None and kind != "organisation":
            kind = "person"
            if not role:
                role, modifiers = apposition
        parts = [t.bare for t in tokens[name_start:end]]
        if kind == "unknown" and parts and self._is_organisation(parts, tokens[name_start:end]):
            kind = "organisation"
        return NameRun(start, end, name_start, role, tuple(modifiers), kind)

    @staticmethod
    def _is_organisation(parts: list[str], tokens: list[Token]) -> bool:
        first, last = parts[0], parts[-1]
        acronym = len(tokens) == 1 and tokens[0].text.isupper() and len(tokens[0].text) > 1
        return (
            last in ORGANISATION_HEADS
            or last in COMPANY_SUFFIXES
            or (first in ORGANISATION_HEADS and len(parts) > 1)
            or acronym
        )

    def _role_before(self, start: int) -> tuple[str, list[str]] | None:
        """ "Chinese leader Xi Jinping", "Novamed's chief executive, Mark Ellison"."""
        tokens = self.tokens
        k = start - 1
        if k >= 0 and tokens[k].text == ",":
            k -= 1
        if k < 0 or tokens[k].capitalised or tokens[k].bare not in ROLE_NOUNS:
            return None
        role = tokens[k].bare
        modifiers: list[str] = []
        m = k - 1
        while m >= 0 and len(modifiers) < 3 and tokens[m].is_word:
            if not (tokens[m].capitalised or tokens[m].bare in ROLE_MODIFIERS):
                break
            modifiers.insert(0, tokens[m].bare)
            if tokens[m].possessive:
                break
            m -= 1
        if modifiers and (modifiers[-1], role) in MULTIWORD_TITLES:
            role = MULTIWORD_TITLES[(modifiers.pop(), role)]
        return role, modifiers

    def _role_after(self, end: int) -> tuple[str, list[str]] | None:
        """ "Hoo Tiang Boon, a professor who ...", "Anna Weber, chief economist at ..."."""
        tokens = self.tokens
        if end >= len(tokens) or tokens[end].text != ",":
            return None
        k = end + 1
        if k < len(tokens) and tokens[k].lower in DETERMINERS:
            k += 1
        modifiers: list[str] = []
        while k < len(tokens) and len(modifiers) <= 3 and tokens[k].is_word:
            word = tokens[k].bare
            if word in ROLE_NOUNS and not tokens[k].capitalised:
                following = tokens[k + 1].bare if k + 1 < len(tokens) else ""
                if following in ROLE_NOUNS:
                    modifiers.append(word)
                    k += 1
                    continue
                return word, modifiers
            modifiers.append(word)
            k += 1
        return None

    def _name_text(self, start: int, end: int) -> str:
        parts = [token.text for token in self.tokens[start:end]]
        if parts and self.tokens[end - 1].possessive:
            parts[-1] = parts[-1][:-2] if not parts[-1].endswith("s'") else parts[-1][:-1]
        return " ".join(parts)

    def register_names(self) -> None:
        """Add the people and organisations this sentence introduces to the memory."""
        for run in self.runs:
            if run.name_start >= run.end:
                continue
            name = self._name_text(run.name_start, run.end)
            if run.kind == "person":
                person = self.memory.add_person(name)
                if run.role:
                    self.memory.add_title(person, list(run.modifiers), run.role)
            elif run.kind == "organisation":
                self.memory.add_organisation(name, name.split())
        if self._place_pair is not None:
            self.memory.place_pair = self._place_pair
        # Whoever speaks is a person or a body: a two-word name that speaks ("Raul Ortiz
        # said") is remembered as a person even without a title, for a later "he".
        spoke = self._speaker_subject.run if self._speaker_subject is not None else None
        if spoke is not None and spoke.kind == "unknown" and spoke.end - spoke.name_start >= 2:
            self.memory.add_person(self._name_text(spoke.name_start, spoke.end))

    def run_speaker(self, run: NameRun) -> str:
        name = self._name_text(run.name_start, run.end)
        if run.kind == "organisation":
            return name
        return self.memory.resolve_name(name)

    # --- attribution --------------------------------------------------------------------

    def named_entities(
        self, known_names: set[str], within: tuple[tuple[int, int], ...] = ()
    ) -> set[str]:
        """The distinct names in the sentence, or only in the character spans `within` (the
        content of a reported statement: the speaker's own name and affiliation in the tag
        are not what the claim is about). A capitalised word opening the sentence is a name
        only if the article also capitalises it mid-sentence ("China" yes, "Shares" no);
        lone demonyms ("Chinese media") are adjectives, not actors."""
        found: set[str] = set()
        for run in self.runs:
            if run.name_start >= run.end:
                continue
            where = self.tokens[run.name_start].start
            if within and not any(start <= where < end for start, end in within):
                continue
            first = self.tokens[run.start]
            opens = run.start == 0 or self.tokens[run.start - 1].text in OPENING_QUOTES
            # "Kyiv's depleted military": common nouns seldom open a sentence possessed.
            if opens and first.bare not in known_names and not first.possessive:
                continue
            if run.end - run.name_start == 1 and self.tokens[run.name_start].bare in DEMONYMS:
                continue
            found.add(self._name_text(run.name_start, run.end))
        return found


def continues_compound(token: Token) -> bool:
    """ "chief | executive", "police | chief": a lower-case role noun after a role noun."""
    return token.is_word and not token.capitalised and token.bare in ROLE_NOUNS


def _title_at(tokens: list[Token], k: int, end: int) -> tuple[str, int] | None:
    """The title starting at token k of a run ("President", "Prime Minister", "Gov.")."""
    word = tokens[k].bare
    if k + 2 < end and (word, tokens[k + 1].bare) in MULTIWORD_TITLES:
        return MULTIWORD_TITLES[(word, tokens[k + 1].bare)], 2
    # A title stands before a name: "Secretary Blinken", not "Secretary of State".
    if word in TITLES and tokens[k].capitalised and tokens[k + 1].is_name_word():
        return TITLES[word], 1
    return None
