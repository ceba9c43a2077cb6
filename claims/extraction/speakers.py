"""Who made a claim: attribution patterns plus a small memory of the people an article names.

The memory is built as the article is read, sentence by sentence:

- people, from titles and roles next to a name ("Russian President Vladimir Putin",
  "Chinese leader Xi Jinping", "Hoo Tiang Boon, a professor ..."), so that a short name
  ("Putin", "Xi") resolves to the full one introduced before;
- a title -> person table from the same appositions, so "the Ukrainian leader" or "the ECB
  president" resolve to the last person introduced with that title;
- organisations by their head noun ("the alliance" -> "Delta Fish Alliance");
- the last pair named together ("China and Russia"), for "the two countries";
- the last person who spoke or was the subject, for "he" and "she".

Attribution patterns, tried in order on one sentence:

1. a sentence that opens with a quotation and its tag: '"...," said X' or '"...," X said';
   a quotation without a tag continues the previous quotation's speaker;
2. the main clause's subject and a speech verb: "X said (that) ...", "X has said",
   "The Ukrainian leader warned recently ... that", "In October 2019, he mentioned that";
3. a closing tag: "..., X said.";
4. "according to X".

A sentence with none of them is the reporter's own assertion (speaker None).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from claims.extraction.lexicon import (
    COMPANY_SUFFIXES,
    DEMONYMS,
    FUNCTION_WORDS,
    GROUP_NOUNS,
    LEADER_ROLES,
    MONTHS,
    ORGANISATION_HEADS,
    PAIR_PERSON_NOUNS,
    PAIR_PLACE_NOUNS,
    PRONOUNS,
    ROLE_NOUNS,
    SPEECH_ADVERBS,
    SPEECH_AUXILIARIES,
    SPEECH_VERBS,
    SPEECH_VERBS_BARE_CLAUSE,
    SPEECH_VERBS_WITH_INFINITIVE,
    SPEECH_VERBS_WITH_OBJECT,
    TITLES,
    WEEKDAYS,
    words,
)
from claims.extraction.tokens import CLOSING_QUOTES, OPENING_QUOTES, Token

_CONNECTORS = words("of for and de van von der den bin al la le du da del")
_DETERMINERS = words("the a an")
_DASHES = frozenset({"—", "\u2013", "-"})
# Openers of an adverbial phrase before the subject: "On the eve of the visit, Putin said".
_LEADING_ADVERBIAL = words(
    """in on at while after before since when as during speaking asked earlier later last
    under despite although though because if following for with by from over unlike
    like once until"""
)
_LEADING_CONJUNCTIONS = words("but and so yet still however meanwhile also")
# What may stand between a speech verb and "that": "said in an interview with Chinese media
# that", "told reporters on Tuesday that".
_BEFORE_THAT = words(
    """in on at during after before to last this earlier later repeatedly recently
    previously reporters journalists lawmakers publicly also again"""
)
_AGENCY_HEADS = words(
    """administration department ministry bureau office commission authority agency board
    service"""
)
_COMPANY_WORDS = words("company firm drugmaker carmaker group business")
_SPOKESPEOPLE = words("spokesperson spokesman spokeswoman representative")
_GOING_ON = words("added adds continued continues")
# ", saying ...", ", adding that ...": the main clause's subject said what follows.
_SPEECH_PARTICIPLES = words(
    "saying adding arguing noting warning claiming insisting stressing explaining"
)
_HEAD_NOUNS = (
    ROLE_NOUNS
    | ORGANISATION_HEADS
    | PAIR_PLACE_NOUNS
    | PAIR_PERSON_NOUNS
    | GROUP_NOUNS
    | _COMPANY_WORDS
)
_MULTIWORD_TITLES = {
    ("prime", "minister"): "prime minister",
    ("chief", "executive"): "chief executive",
}
# Lower-case words that may qualify a role before a name: "central bank governor Jane Smith".
_ROLE_MODIFIERS = words(
    """chief senior deputy foreign finance defense defence interior central bank district
    federal state former top lead executive vice acting interim assistant associate"""
)


@dataclass(frozen=True)
class Attribution:
    """A reported statement: who made it and where its content lies in the sentence."""

    speaker: str | None
    content: tuple[tuple[int, int], ...]  # character spans in the sentence; () = whole sentence
    kind: str  # "quote", "subject", "tag", "according" or "participle"


@dataclass
class Memory:
    """What the article has said so far about people, titles and organisations."""

    persons: set[str] = field(default_factory=set)
    aliases: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    organisations: dict[str, str] = field(default_factory=dict)
    place_pair: str | None = None
    recent_persons: list[str] = field(default_factory=list)
    last_person: str | None = None
    last_quote_speaker: str | None = None
    # The last person whose words were reported: "he added" goes on their statement.
    last_quoted: str | None = None

    def add_person(self, name: str) -> str:
        full = self.resolve_name(name)
        if full == name and " " in name:
            self.persons.add(name)
            for part in name.split():
                if len(part) > 1 and part.lower() not in _CONNECTORS:
                    self.aliases[part.lower().rstrip(".")] = name
        elif full == name:
            self.persons.add(name)
        self._mention(full)
        return full

    def _mention(self, person: str) -> None:
        if person in self.recent_persons:
            self.recent_persons.remove(person)
        self.recent_persons.append(person)

    def resolve_name(self, name: str) -> str:
        if name in self.persons:
            return name
        parts = name.split()
        if len(parts) == 1:
            return self.aliases.get(name.lower().rstrip("."), name)
        return name

    def add_title(self, person: str, modifiers: list[str], role: str) -> None:
        roles = [role]
        if role.rsplit(maxsplit=1)[-1] in LEADER_ROLES:
            roles.append("leader")
        for each in roles:
            self.titles[each] = person
            for k in range(len(modifiers)):
                self.titles[" ".join([*modifiers[k:], each])] = person

    def add_organisation(self, name: str, parts: list[str]) -> None:
        lowered = [part.lower().rstrip(".") for part in parts]
        for k in range(len(lowered)):
            self.organisations[" ".join(lowered[k:])] = name
        if lowered[0] in ORGANISATION_HEADS:
            self.organisations[lowered[0]] = name
        heads = {lowered[0], lowered[-1]}
        if heads & COMPANY_SUFFIXES:
            for word in _COMPANY_WORDS:
                self.organisations[word] = name
        if heads & _AGENCY_HEADS:
            self.organisations["agency"] = name

    def last_pair(self, noun: str) -> str | None:
        if noun in PAIR_PLACE_NOUNS:
            return self.place_pair
        if len(self.recent_persons) >= 2:
            return f"{self.recent_persons[-2]} and {self.recent_persons[-1]}"
        return None


@dataclass(frozen=True)
class _Run:
    """A run of capitalised words: a name, perhaps with titles before it."""

    start: int  # token indices
    end: int
    name_start: int
    role: str
    modifiers: tuple[str, ...]
    kind: str  # "person", "organisation" or "unknown"


@dataclass(frozen=True)
class _Subject:
    kind: str  # "name", "pronoun", "group", "description"
    start: int
    end: int
    speaker: str | None
    run: _Run | None = None  # the name run the speaker comes from


class SentenceReader:
    """Reads one sentence against the memory: registers names, then finds the attribution."""

    def __init__(
        self, sentence: str, tokens: list[Token], memory: Memory, *, inside_quote: bool = False
    ) -> None:
        self.sentence = sentence
        self.tokens = tokens
        self.memory = memory
        self.inside_quote = inside_quote
        self._speaker_subject: _Subject | None = None
        self._last_subject: _Subject | None = None
        # Several rules ask for the main clause and its subject: work them out once.
        self._clause_starts: dict[bool, int] = {}
        self._subjects: dict[tuple[int, bool], _Subject | None] = {}
        self._place_pair: str | None = None
        self.runs = self._find_runs()
        self._runs_by_start = {run.start: run for run in self.runs}

    # --- names --------------------------------------------------------------------------

    def _find_runs(self) -> list[_Run]:
        tokens = self.tokens
        runs: list[_Run] = []
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
                    tokens[j].lower in _CONNECTORS
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

    def _split_pairs(self, start: int, end: int) -> list[_Run]:
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

    def _classify(self, start: int, end: int) -> _Run:
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
        return _Run(start, end, name_start, role, tuple(modifiers), kind)

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
            if not (tokens[m].capitalised or tokens[m].bare in _ROLE_MODIFIERS):
                break
            modifiers.insert(0, tokens[m].bare)
            if tokens[m].possessive:
                break
            m -= 1
        if modifiers and (modifiers[-1], role) in _MULTIWORD_TITLES:
            role = _MULTIWORD_TITLES[(modifiers.pop(), role)]
        return role, modifiers

    def _role_after(self, end: int) -> tuple[str, list[str]] | None:
        """ "Hoo Tiang Boon, a professor who ...", "Anna Weber, chief economist at ..."."""
        tokens = self.tokens
        if end >= len(tokens) or tokens[end].text != ",":
            return None
        k = end + 1
        if k < len(tokens) and tokens[k].lower in _DETERMINERS:
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

    def run_speaker(self, run: _Run) -> str:
        name = self._name_text(run.name_start, run.end)
        if run.kind == "organisation":
            return name
        return self.memory.resolve_name(name)

    # --- attribution --------------------------------------------------------------------

    def attribution(self) -> Attribution | None:
        return (
            self._quotation()
            or self._subject_speech()
            or self._closing_tag()
            or self._according_to()
            or self._participle()
        )

    def _participle(self) -> Attribution | None:
        """ "Governor Ana Ruiz signed the bill, saying it would create 5,000 jobs": the
        subject of the main clause is the speaker of what follows the participle."""
        tokens = self.tokens
        for k in range(1, len(tokens) - 1):
            if tokens[k].lower in _SPEECH_PARTICIPLES and tokens[k - 1].text == ",":
                if tokens[k].quoted:
                    continue
                subject = self._subject_at(self._main_clause_start())
                if subject is None or subject.speaker is None or subject.kind == "group":
                    return None
                start = k + 1
                if tokens[start].lower == "that" and start + 1 < len(tokens):
                    start += 1
                self._speaker_subject = subject
                content = (tokens[start].start, len(self.sentence))
                return Attribution(subject.speaker, (content,), "participle")
        return None

    def main_clause_subject(self) -> str | None:
        """The person the main clause is about, if it opens with a known person's name."""
        k = self._main_clause_start()
        run = self._runs_by_start.get(k)
        if run is None or self.tokens[run.end - 1].possessive:
            return None
        name = self.run_speaker(run)
        return name if name in self.memory.persons else None

    def main_clause_actor(self) -> str | None:
        """Who the main clause is about when only a description or pronoun names them:
        "the two leaders signed" -> the pair named before, "the judge ordered" -> the judge."""
        subject = self._subject_at(self._main_clause_start())
        if subject is None or subject.kind not in {"description", "pronoun"}:
            return None
        return subject.speaker

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

    def _quotation(self) -> Attribution | None:
        tokens = self.tokens
        if not tokens:
            return None
        if self.inside_quote:
            # The sentence continues a quotation opened in an earlier sentence.
            first, start = 0, 0
        elif tokens[0].text in OPENING_QUOTES:
            first, start = 1, tokens[0].end
        else:
            return None
        close = next(
            (
                k
                for k in range(first, len(tokens))
                if tokens[k].text in CLOSING_QUOTES and not self._opens(k)
            ),
            None,
        )
        if close is None:
            # The quotation goes on into the next sentence: same speaker as the quotation
            # before it, if any; the caller fills it in when the closing tag names one.
            return Attribution(
                self.memory.last_quote_speaker, ((start, len(self.sentence)),), "quote"
            )
        inside = (start, tokens[close].start)
        k = close + 1
        if k < len(tokens) and tokens[k].text == ",":
            k += 1
        tag = self._tag_at(k)
        if tag is not None:
            speaker, after = tag
            content = [inside]
            self._speaker_subject = self._last_subject
            if (
                after + 1 < len(tokens)
                and tokens[after].text == ","
                and tokens[after + 1].text in OPENING_QUOTES
            ):
                second = next(
                    (m for m in range(after + 2, len(tokens)) if tokens[m].text in CLOSING_QUOTES),
                    None,
                )
                if second is not None:
                    content.append((tokens[after + 1].end, tokens[second].start))
            return Attribution(speaker, tuple(content), "quote")
        if all(not token.is_word for token in tokens[close + 1 :]):
            return Attribution(self.memory.last_quote_speaker, (inside,), "quote")
        return None

    def _opens(self, k: int) -> bool:
        """Whether the quotation mark at token k opens a quotation (a curly opening mark, or a
        straight one the tokenizer did not read as closing)."""
        token = self.tokens[k]
        if token.text == "\u201c":
            return True
        if token.text != '"':
            return False
        following = self.tokens[k + 1] if k + 1 < len(self.tokens) else None
        return following is not None and following.quoted

    def _tag_at(self, k: int) -> tuple[str | None, int] | None:
        """A speech tag at token k: 'said X' or 'X said'. Returns speaker and the end index."""
        tokens = self.tokens
        if k >= len(tokens):
            return None
        if tokens[k].lower in SPEECH_VERBS:
            subject = self._subject_at(k + 1, bridge_roles=True)
            if subject is None:
                return None
            self._last_subject = subject
            return subject.speaker, subject.end
        subject = self._subject_at(k)
        if subject is None:
            return None
        verb = self._speech_verb_after(subject.end)
        if verb is None:
            return None
        if (
            subject.kind == "pronoun"
            and tokens[verb].lower in _GOING_ON
            and self.memory.last_quoted is not None
        ):
            # '"...," he added': the person quoted last goes on, whoever was named since.
            subject = _Subject("pronoun", subject.start, subject.end, self.memory.last_quoted)
        self._last_subject = subject
        end = verb + 1
        while end < len(tokens) and tokens[end].is_word and tokens[end].lower in SPEECH_ADVERBS:
            end += 1
        return subject.speaker, end

    def _subject_speech(self) -> Attribution | None:
        tokens = self.tokens
        k = self._main_clause_start()
        subject = self._subject_at(k)
        if subject is None:
            return None
        verb = self._speech_verb_after(subject.end)
        if verb is None:
            return None
        following = tokens[verb + 1] if verb + 1 < len(tokens) else None
        if following is not None and following.lower == "to":
            if tokens[verb].lower not in SPEECH_VERBS_WITH_INFINITIVE:
                return None
            self._speaker_subject = subject
            return Attribution(subject.speaker, (), "subject")
        content, marked = self._content_after(verb)
        if not marked and tokens[verb].lower not in SPEECH_VERBS_BARE_CLAUSE:
            return None
        self._speaker_subject = subject
        return Attribution(subject.speaker, (content,), "subject")

    def _content_after(self, verb: int) -> tuple[tuple[int, int], bool]:
        """Where the reported statement starts after the verb, and whether "that", a colon
        or a quotation marks it: "said in an interview with Chinese media that ...",
        "told supporters the campaign ...", "told reporters: ..."."""
        tokens = self.tokens
        end = len(self.sentence)
        start = verb + 1
        if tokens[verb].lower in SPEECH_VERBS_WITH_OBJECT and start < len(tokens):
            run = self._runs_by_start.get(start)
            if run is not None:
                start = run.end
            elif tokens[start].lower not in _BEFORE_THAT or tokens[start].lower in {
                "reporters",
                "journalists",
            }:
                start += 1
        # "said on Wednesday it was recalling": the day is when it was said, not the claim.
        if (
            start + 1 < len(tokens)
            and tokens[start].lower == "on"
            and tokens[start + 1].bare in WEEKDAYS
        ):
            start += 2
        if start >= len(tokens):
            return (end, end), False
        first = tokens[start]
        if first.lower == "that" or first.text == ":":
            return (first.end, end), True
        if first.text in OPENING_QUOTES:
            return (first.start, end), True
        if first.lower in _BEFORE_THAT or tokens[verb].lower in SPEECH_VERBS_WITH_OBJECT:
            for m in range(start, min(start + 12, len(tokens))):
                if tokens[m].text == "," or tokens[m].text in OPENING_QUOTES:
                    break
                if tokens[m].lower == "that" or tokens[m].text == ":":
                    return (tokens[m].end, end), True
        return (first.start, end), False

    def _closing_tag(self) -> Attribution | None:
        tokens = self.tokens
        for k in range(len(tokens) - 1, 0, -1):
            if tokens[k].text != "," or tokens[k].quoted:
                continue
            if len(tokens) - k > 12:
                return None
            tag = self._tag_at(k + 1)
            if tag is None:
                continue
            speaker, after = tag
            if any(token.is_word for token in tokens[after:]) and not self._only_adverbial(after):
                continue
            self._speaker_subject = self._last_subject
            return Attribution(speaker, ((0, tokens[k].start),), "tag")
        return None

    def _only_adverbial(self, k: int) -> bool:
        # "..., the governor said in a statement." - what follows the tag is no new clause.
        rest = [token for token in self.tokens[k:] if token.is_word]
        return bool(rest) and rest[0].lower in {"in", "on", "at", "during", "after"}

    def _according_to(self) -> Attribution | None:
        tokens = self.tokens
        for k in range(len(tokens) - 1):
            if (
                tokens[k].lower == "according"
                and tokens[k + 1].lower == "to"
                and not tokens[k].quoted
            ):
                return self._according_phrase(k)
        return None

    def _according_phrase(self, k: int) -> Attribution:
        tokens = self.tokens
        end = k + 2
        while end < len(tokens) and tokens[end].text not in {",", ".", ";"} | _DASHES:
            end += 1
        speaker: str | None = None
        for run in self.runs:
            if k + 2 <= run.start < end and run.name_start < run.end:
                speaker = self.run_speaker(run)
                break
        else:
            # "according to unofficial results from the city clerk's office": the source is
            # the last noun phrase.
            phrase = [t for t in tokens[k + 2 : end] if t.is_word]
            cuts = [i for i, t in enumerate(phrase) if t.lower in {"from", "by", "of", "at"}]
            speaker = self._resolve_description(phrase[cuts[-1] + 1 :] if cuts else phrase)
        first_word = self._main_clause_start(skip_adverbial=False)
        if k <= first_word:
            after = tokens[end].end if end < len(tokens) else len(self.sentence)
            return Attribution(speaker, ((after, len(self.sentence)),), "according")
        before = k - 1 if k > 0 and tokens[k - 1].text == "," else k
        return Attribution(speaker, ((0, tokens[before].start),), "according")

    # --- subjects -----------------------------------------------------------------------

    def _main_clause_start(self, *, skip_adverbial: bool = True) -> int:
        if skip_adverbial not in self._clause_starts:
            self._clause_starts[skip_adverbial] = self._find_main_clause_start(skip_adverbial)
        return self._clause_starts[skip_adverbial]

    def _find_main_clause_start(self, skip_adverbial: bool) -> int:
        tokens = self.tokens
        k = 0
        # A dateline: "Beijing —", "Sacramento, Calif. —", "**Frankfurt** —".
        for m in range(min(8, len(tokens))):
            if tokens[m].text in _DASHES:
                if all(t.is_name_word() or t.text in {",", "*", "_"} for t in tokens[:m]):
                    k = m + 1
                break
        while k < len(tokens) and tokens[k].text in {"*", "_"}:
            k += 1
        if k < len(tokens) and tokens[k].lower in _LEADING_CONJUNCTIONS:
            k += 1
            if k < len(tokens) and tokens[k].text == ",":
                k += 1
        if skip_adverbial and k < len(tokens) and tokens[k].lower in _LEADING_ADVERBIAL:
            for m in range(k, len(tokens)):
                if tokens[m].text == "," and not tokens[m].quoted:
                    return m + 1
        return k

    def _subject_at(self, k: int, *, bridge_roles: bool = False) -> _Subject | None:
        key = (k, bridge_roles)
        if key not in self._subjects:
            self._subjects[key] = self._find_subject_at(k, bridge_roles=bridge_roles)
        return self._subjects[key]

    def _find_subject_at(self, k: int, *, bridge_roles: bool) -> _Subject | None:
        tokens = self.tokens
        if k >= len(tokens):
            return None
        token = tokens[k]
        if bridge_roles and not token.capitalised and token.lower not in FUNCTION_WORDS:
            # 'said council member Jo Reyes', 'said economist John Smith'
            for m in range(k, min(k + 4, len(tokens))):
                if tokens[m].capitalised and m > k and tokens[m - 1].bare in ROLE_NOUNS:
                    run = self._runs_by_start.get(m)
                    if run is not None:
                        return _Subject("name", k, run.end, self.run_speaker(run), run)
                    break
                if not tokens[m].is_word or tokens[m].lower in FUNCTION_WORDS:
                    break
        if token.lower in PRONOUNS:
            return self._with_apposition(_Subject("pronoun", k, k + 1, self.memory.last_person))
        if token.lower == "they" or (
            token.bare in GROUP_NOUNS and token.bare not in self.memory.aliases
        ):
            return _Subject("group", k, k + 1, None)
        if token.lower in _DETERMINERS:
            return self._description_at(k)
        run = self._runs_by_start.get(k)
        if run is None:
            return None
        # "Goldman Sachs analyst Jan Hatzius", "Pentagon press secretary Pat Ryder": the
        # organisation and the role describe the person named after them.
        named = self._name_after_role(run.end)
        if named is not None and not tokens[run.end - 1].possessive:
            return self._with_apposition(
                _Subject("name", k, named.end, self.run_speaker(named), named)
            )
        if tokens[run.end - 1].possessive or (
            run.end < len(tokens)
            and not tokens[run.end].capitalised
            and tokens[run.end].bare in ROLE_NOUNS
        ):
            return self._description_at(k)
        return self._with_apposition(_Subject("name", k, run.end, self.run_speaker(run), run))

    def _description_at(self, k: int) -> _Subject | None:
        """ "the Ukrainian leader", "The two autocratic countries", "the U.S. Food and ..."."""
        tokens = self.tokens
        start = k + 1 if tokens[k].lower in _DETERMINERS else k
        run = self._runs_by_start.get(start)
        role_follows = (
            run is not None
            and run.end < len(tokens)
            and not tokens[run.end].capitalised
            and tokens[run.end].bare in ROLE_NOUNS
        )
        if (
            run is not None
            and not role_follows
            and not tokens[run.end - 1].possessive
            and run.name_start < run.end
        ):
            return self._with_apposition(_Subject("name", k, run.end, self.run_speaker(run), run))
        end = start
        while end < len(tokens) and end - start < 6 and tokens[end].is_word:
            word = tokens[end].lower
            if (
                word in SPEECH_VERBS
                or word in SPEECH_AUXILIARIES
                or word in SPEECH_ADVERBS
                or (word in FUNCTION_WORDS and word not in {"two", "both"})
            ):
                break
            end += 1
            # The head noun ends the description: "the judge | ordered", "the two leaders |
            # signed"; a possessive goes on to its own head: "the bank's president".
            if (
                tokens[end - 1].bare in _HEAD_NOUNS
                and not tokens[end - 1].possessive
                and not (end < len(tokens) and _continues_compound(tokens[end]))
            ):
                break
        phrase = tokens[start:end]
        if not phrase:
            return None
        # ", Mark Ellison" after "Novamed's chief executive" (or "chief financial officer")
        # names the person described; "analyst Jan Hatzius" likewise.
        named = self._name_after_role(end) if tokens[end - 1].bare in ROLE_NOUNS else None
        if named is not None:
            return self._with_apposition(
                _Subject("name", k, named.end, self.run_speaker(named), named)
            )
        named_end = self._appositive_name(end)
        if named_end is not None:
            named, after = named_end
            return _Subject("name", k, after, self.run_speaker(named), named)
        # "a spokesperson for the Colorado Secretary of State": the body speaks.
        if end + 1 < len(tokens) and tokens[end].lower in {"for", "of", "at"}:
            m = end + 1 + (tokens[end + 1].lower in _DETERMINERS)
            body = self._runs_by_start.get(m)
            if body is not None and phrase[-1].bare in _SPOKESPEOPLE:
                return self._with_apposition(_Subject("name", k, body.end, self.run_speaker(body)))
        speaker = self._resolve_description(phrase)
        if speaker is None and phrase[-1].bare not in GROUP_NOUNS | PAIR_PERSON_NOUNS:
            return None
        return self._with_apposition(_Subject("description", k, end, speaker))

    def _name_after_role(self, k: int) -> _Run | None:
        """The name after up to three lower-case words ending in a role noun, from token k:
        " analyst | Jan Hatzius", " press secretary | Pat Ryder"."""
        tokens = self.tokens
        m = k
        while m < len(tokens) and m - k < 3 and tokens[m].is_word and not tokens[m].capitalised:
            if tokens[m].lower in FUNCTION_WORDS or tokens[m].lower in SPEECH_VERBS:
                return None
            m += 1
            if tokens[m - 1].bare in ROLE_NOUNS and not (
                m < len(tokens) and _continues_compound(tokens[m])
            ):
                named = self._runs_by_start.get(m)
                if (
                    named is not None
                    and named.name_start < named.end
                    and named.kind != "organisation"
                ):
                    return named
                return None
        if m == k and k < len(tokens):
            return None
        return None

    def _appositive_name(self, end: int) -> tuple[_Run, int] | None:
        """ "chief financial officer, Raj Patel," after a description: the run naming the
        person, and the token after it (past its closing comma)."""
        tokens = self.tokens
        m = end
        while m < len(tokens) and m - end < 3 and tokens[m].is_word and not tokens[m].capitalised:
            if tokens[m].lower in FUNCTION_WORDS or tokens[m].lower in SPEECH_VERBS:
                return None
            m += 1
        if m + 1 >= len(tokens) or tokens[m].text != ",":
            return None
        named = self._runs_by_start.get(m + 1)
        if named is None or named.kind == "organisation" or named.name_start >= named.end:
            return None
        if named.kind != "person" and named.end - named.name_start < 2:
            return None
        after = named.end
        if after < len(tokens) and tokens[after].text == ",":
            after += 1
        return named, after

    def _resolve_description(self, phrase: list[Token]) -> str | None:
        words_ = [token.bare for token in phrase if token.lower not in _DETERMINERS]
        if not words_:
            return None
        head = words_[-1]
        if head in PAIR_PLACE_NOUNS | PAIR_PERSON_NOUNS and (
            {"two", "both"} & set(words_) or head in {"sides"}
        ):
            return self.memory.last_pair(head)
        for k in range(len(words_)):
            key = " ".join(words_[k:])
            if key in self.memory.titles:
                return self.memory.titles[key]
            if key in self.memory.organisations:
                return self.memory.organisations[key]
        if head in ROLE_NOUNS or head in ORGANISATION_HEADS or head in _COMPANY_WORDS:
            return " ".join(token.text for token in phrase if token.lower not in _DETERMINERS)
        return None

    def _with_apposition(self, subject: _Subject) -> _Subject:
        """Skip ", a cardiologist at St. Mary's Hospital," or "— which ... —" after a subject."""
        tokens = self.tokens
        k = subject.end
        if k < len(tokens) and tokens[k].text in {",", "—", "\u2013"}:
            closer = tokens[k].text
            for m in range(k + 1, min(k + 25, len(tokens))):
                if tokens[m].text == closer:
                    if self._speech_verb_after(m + 1) is not None:
                        return _Subject(subject.kind, subject.start, m + 1, subject.speaker)
                    break
        return subject

    def _speech_verb_after(self, k: int) -> int | None:
        tokens = self.tokens
        while k < len(tokens) and (
            tokens[k].lower in SPEECH_AUXILIARIES or tokens[k].lower in SPEECH_ADVERBS
        ):
            k += 1
        if k < len(tokens) and tokens[k].lower in SPEECH_VERBS and not tokens[k].quoted:
            return k
        return None


def _continues_compound(token: Token) -> bool:
    """ "chief | executive", "police | chief": a lower-case role noun after a role noun."""
    return token.is_word and not token.capitalised and token.bare in ROLE_NOUNS


def _title_at(tokens: list[Token], k: int, end: int) -> tuple[str, int] | None:
    """The title starting at token k of a run ("President", "Prime Minister", "Gov.")."""
    word = tokens[k].bare
    if k + 2 < end and (word, tokens[k + 1].bare) in _MULTIWORD_TITLES:
        return _MULTIWORD_TITLES[(word, tokens[k + 1].bare)], 2
    # A title stands before a name: "Secretary Blinken", not "Secretary of State".
    if word in TITLES and tokens[k].capitalised and tokens[k + 1].is_name_word():
        return TITLES[word], 1
    return None
