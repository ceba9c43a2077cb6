"""Subjects in one sentence: where the main clause starts and who its subject is, a name,
a pronoun, a group or a description ("the Ukrainian leader") resolved by the memory."""

from __future__ import annotations

from claims.extraction.lexicon import (
    FUNCTION_WORDS,
    GROUP_NOUNS,
    ORGANISATION_HEADS,
    PAIR_PERSON_NOUNS,
    PAIR_PLACE_NOUNS,
    PRONOUNS,
    ROLE_NOUNS,
    SPEECH_ADVERBS,
    SPEECH_AUXILIARIES,
    SPEECH_VERBS,
)
from claims.extraction.speaker_names import NameReader, NameRun, Subject, continues_compound
from claims.extraction.speaker_words import (
    COMPANY_WORDS,
    DASHES,
    DETERMINERS,
    HEAD_NOUNS,
    LEADING_ADVERBIAL,
    LEADING_CONJUNCTIONS,
    SPOKESPEOPLE,
)
from claims.extraction.tokens import Token


class SubjectReader(NameReader):
    """Finds subjects and the speech verbs after them."""

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

    def _main_clause_start(self, *, skip_adverbial: bool = True) -> int:
        if skip_adverbial not in self._clause_starts:
            self._clause_starts[skip_adverbial] = self._find_main_clause_start(skip_adverbial)
        return self._clause_starts[skip_adverbial]

    def _find_main_clause_start(self, skip_adverbial: bool) -> int:
        tokens = self.tokens
        k = 0
        # A dateline: "Beijing —", "Sacramento, Calif. —", "**Frankfurt** —".
        for m in range(min(8, len(tokens))):
            if tokens[m].text in DASHES:
                if all(t.is_name_word() or t.text in {",", "*", "_"} for t in tokens[:m]):
                    k = m + 1
                break
        while k < len(tokens) and tokens[k].text in {"*", "_"}:
            k += 1
        if k < len(tokens) and tokens[k].lower in LEADING_CONJUNCTIONS:
            k += 1
            if k < len(tokens) and tokens[k].text == ",":
                k += 1
        if skip_adverbial and k < len(tokens) and tokens[k].lower in LEADING_ADVERBIAL:
            for m in range(k, len(tokens)):
                if tokens[m].text == "," and not tokens[m].quoted:
                    return m + 1
        return k

    def _subject_at(self, k: int, *, bridge_roles: bool = False) -> Subject | None:
        key = (k, bridge_roles)
        if key not in self._subjects:
            self._subjects[key] = self._find_subject_at(k, bridge_roles=bridge_roles)
        return self._subjects[key]

    def _find_subject_at(self, k: int, *, bridge_roles: bool) -> Subject | None:
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
                        return Subject("name", k, run.end, self.run_speaker(run), run)
                    break
                if not tokens[m].is_word or tokens[m].lower in FUNCTION_WORDS:
                    break
        if token.lower in PRONOUNS:
            return self._with_apposition(Subject("pronoun", k, k + 1, self.memory.last_person))
        if token.lower == "they" or (
            token.bare in GROUP_NOUNS and token.bare not in self.memory.aliases
        ):
            return Subject("group", k, k + 1, None)
        if token.lower in DETERMINERS:
            return self._description_at(k)
        run = self._runs_by_start.get(k)
        if run is None:
            return None
        # "Goldman Sachs analyst Jan Hatzius", "Pentagon press secretary Pat Ryder": the
        # organisation and the role describe the person named after them.
        named = self._name_after_role(run.end)
        if named is not None and not tokens[run.end - 1].possessive:
            return self._with_apposition(
                Subject("name", k, named.end, self.run_speaker(named), named)
            )
        if tokens[run.end - 1].possessive or (
            run.end < len(tokens)
            and not tokens[run.end].capitalised
            and tokens[run.end].bare in ROLE_NOUNS
        ):
            return self._description_at(k)
        return self._with_apposition(Subject("name", k, run.end, self.run_speaker(run), run))

    def _description_at(self, k: int) -> Subject | None:
        """ "the Ukrainian leader", "The two autocratic countries", "the U.S. Food and ..."."""
        tokens = self.tokens
        start = k + 1 if tokens[k].lower in DETERMINERS else k
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
            return self._with_apposition(Subject("name", k, run.end, self.run_speaker(run), run))
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
                tokens[end - 1].bare in HEAD_NOUNS
                and not tokens[end - 1].possessive
                and not (end < len(tokens) and continues_compound(tokens[end]))
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
                Subject("name", k, named.end, self.run_speaker(named), named)
            )
        named_end = self._appositive_name(end)
        if named_end is not None:
            named, after = named_end
            return Subject("name", k, after, self.run_speaker(named), named)
        # "a spokesperson for the Colorado Secretary of State": the body speaks.
        if end + 1 < len(tokens) and tokens[end].lower in {"for", "of", "at"}:
            m = end + 1 + (tokens[end + 1].lower in DETERMINERS)
            body = self._runs_by_start.get(m)
            if body is not None and phrase[-1].bare in SPOKESPEOPLE:
                return self._with_apposition(Subject("name", k, body.end, self.run_speaker(body)))
        speaker = self._resolve_description(phrase)
        if speaker is None and phrase[-1].bare not in GROUP_NOUNS | PAIR_PERSON_NOUNS:
            return None
        return self._with_apposition(Subject("description", k, end, speaker))

    def _name_after_role(self, k: int) -> NameRun | None:
        """The name after up to three lower-case words ending in a role noun, from token k:
        " analyst | Jan Hatzius", " press secretary | Pat Ryder"."""
        tokens = self.tokens
        m = k
        while m < len(tokens) and m - k < 3 and tokens[m].is_word and not tokens[m].capitalised:
            if tokens[m].lower in FUNCTION_WORDS or tokens[m].lower in SPEECH_VERBS:
                return None
            m += 1
            if tokens[m - 1].bare in ROLE_NOUNS and not (
                m < len(tokens) and continues_compound(tokens[m])
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

    def _appositive_name(self, end: int) -> tuple[NameRun, int] | None:
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
        words_ = [token.bare for token in phrase if token.lower not in DETERMINERS]
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
        if head in ROLE_NOUNS or head in ORGANISATION_HEADS or head in COMPANY_WORDS:
            return " ".join(token.text for token in phrase if token.lower not in DETERMINERS)
        return None

    def _with_apposition(self, subject: Subject) -> Subject:
        """Skip ", a cardiologist at St. Mary's Hospital," or "— which ... —" after a subject."""
        tokens = self.tokens
        k = subject.end
        if k < len(tokens) and tokens[k].text in {",", "—", "\u2013"}:
            closer = tokens[k].text
            for m in range(k + 1, min(k + 25, len(tokens))):
                if tokens[m].text == closer:
                    if self._speech_verb_after(m + 1) is not None:
                        return Subject(subject.kind, subject.start, m + 1, subject.speaker)
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
