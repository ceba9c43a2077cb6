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
4. "according to X";
5. a participle after the main clause: "X signed the bill, saying ...".

A sentence with none of them is the reporter's own assertion (speaker None).

The reading is split by idea: speaker_words (shared word lists), speaker_memory (the
memory and Attribution), speaker_names (name runs, titles, roles), speaker_subjects
(main clause, subjects, descriptions) and this file (the attribution patterns).
"""

from __future__ import annotations

from claims.extraction.lexicon import (
    SPEECH_ADVERBS,
    SPEECH_VERBS,
    SPEECH_VERBS_BARE_CLAUSE,
    SPEECH_VERBS_WITH_INFINITIVE,
    SPEECH_VERBS_WITH_OBJECT,
    WEEKDAYS,
)
from claims.extraction.speaker_memory import Attribution, Memory
from claims.extraction.speaker_names import Subject
from claims.extraction.speaker_subjects import SubjectReader
from claims.extraction.speaker_words import (
    BEFORE_THAT,
    DASHES,
    GOING_ON,
    SPEECH_PARTICIPLES,
)
from claims.extraction.tokens import CLOSING_QUOTES, OPENING_QUOTES

__all__ = ["Attribution", "Memory", "SentenceReader"]


class SentenceReader(SubjectReader):
    """Reads one sentence against the memory: registers names, then finds the attribution."""

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
            if tokens[k].lower in SPEECH_PARTICIPLES and tokens[k - 1].text == ",":
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
            and tokens[verb].lower in GOING_ON
            and self.memory.last_quoted is not None
        ):
            # '"...," he added': the person quoted last goes on, whoever was named since.
            subject = Subject("pronoun", subject.start, subject.end, self.memory.last_quoted)
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
            elif tokens[start].lower not in BEFORE_THAT or tokens[start].lower in {
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
        if first.lower in BEFORE_THAT or tokens[verb].lower in SPEECH_VERBS_WITH_OBJECT:
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
        while end < len(tokens) and tokens[end].text not in {",", ".", ";"} | DASHES:
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
