"""Scoring the extractor against hand labels (a gold JSONL file), as CLEF CheckThat! does.

Gold lines: {"quote", "span": [start, end], "label": "check-worthy" | "not" | "borderline",
"speaker": name or null}, one per sentence of the article body.

- Check-worthiness: precision, recall and F1 on the positive class ("check-worthy") at a
  threshold. Borderline sentences count for nothing. A sentence is matched by its span; a
  gold sentence the splitter did not produce is a miss, and a sentence the system returns
  that the gold file does not have counts as a false positive.
- Speaker accuracy by attribution pattern (speaker_accuracy_by_pattern): on a file of
  short texts, each labelled with its pattern and the speaker of its last sentence, and
  with its split ("tuning": the rules were written against it; "held-out": never).
- Speaker accuracy: over the gold check-worthy sentences that have a gold speaker or to
  which the system attributed one (whatever their score: it measures attribution, not
  ranking), the share where both agree after normalisation (case, accents, punctuation
  and a leading "the" ignored; None agrees only with None).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from claims.extraction.extract import ExtractedClaim, is_picked

LABELS = ("check-worthy", "not", "borderline")
POSITIVE = "check-worthy"


@dataclass(frozen=True)
class GoldSentence:
    quote: str
    span: tuple[int, int]
    label: str
    speaker: str | None


@dataclass(frozen=True)
class Evaluation:
    min_score: float
    true_positives: int
    false_positives: int
    false_negatives: int
    speaker_correct: int
    speaker_total: int
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.speaker_total if self.speaker_total else 1.0


def load_gold(lines: Iterable[str]) -> list[GoldSentence]:
    gold = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        record = json.loads(line)
        start, end = record["span"]
        label = record["label"]
        if label not in LABELS:
            msg = f"gold line {number}: label {label!r} is not one of {', '.join(LABELS)}"
            raise ValueError(msg)
        gold.append(GoldSentence(record["quote"], (start, end), label, record.get("speaker")))
    return gold


def normalise_speaker(name: str | None) -> str | None:
    if name is None:
        return None
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    plain = "".join(char if char.isalnum() or char.isspace() else " " for char in plain.casefold())
    words = plain.split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


def evaluate(
    gold: Sequence[GoldSentence], analysed: Sequence[ExtractedClaim], *, min_score: float
) -> Evaluation:
    """Compare every analysed sentence (headings included) with the gold labels."""
    by_span = {claim.span: claim for claim in analysed}
    gold_spans = {sentence.span for sentence in gold}
    tp = fp = fn = speaker_correct = speaker_total = 0
    errors: list[str] = []
    for sentence in gold:
        claim = by_span.get(sentence.span)
        if claim is None:
            errors.append(f"not split as in gold: {sentence.quote[:70]!r}")
            fn += sentence.label == POSITIVE
            continue
        picked = is_picked(claim.checkworthiness, claim.features, min_score)
        if sentence.label == POSITIVE:
            tp += picked
            fn += not picked
            if not picked:
                errors.append(f"missed   {claim.checkworthiness:.3f} {_show(claim)}")
            if sentence.speaker is not None or claim.speaker is not None:
                speaker_total += 1
                if normalise_speaker(sentence.speaker) == normalise_speaker(claim.speaker):
                    speaker_correct += 1
                else:
                    errors.append(
                        f"speaker  {claim.speaker!r} instead of {sentence.speaker!r}: "
                        f"{sentence.quote[:60]!r}"
                    )
        elif sentence.label == "not" and picked:
            fp += 1
            errors.append(f"false +  {claim.checkworthiness:.3f} {_show(claim)}")
    for claim in analysed:
        unlabelled = claim.span not in gold_spans
        if unlabelled and is_picked(claim.checkworthiness, claim.features, min_score):
            fp += 1
            errors.append(f"no gold  {claim.checkworthiness:.3f} {_show(claim)}")
    return Evaluation(min_score, tp, fp, fn, speaker_correct, speaker_total, errors)


def _show(claim: ExtractedClaim) -> str:
    return f"[{','.join(claim.features)}] {claim.quote[:70]!r}"


@dataclass(frozen=True)
class PatternCase:
    pattern: str  # e.g. "apposition", "said_colon", "unattributed"
    text: str  # one to three sentences; the last one is the one attributed
    speaker: str | None
    split: str = "tuning"  # "held-out": written after the rules, never tuned on


def load_patterns(lines: Iterable[str]) -> list[PatternCase]:
    cases = []
    for line in lines:
        if line.strip():
            record = json.loads(line)
            cases.append(
                PatternCase(
                    record["pattern"],
                    record["text"],
                    record["speaker"],
                    record.get("split", "tuning"),
                )
            )
    return cases


def speaker_accuracy_by_pattern(
    cases: Sequence[PatternCase],
) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """Per pattern: (right, total) for the speaker of each case's last sentence; and the
    cases got wrong."""
    from claims.extraction.extract import analyse

    counts: dict[str, tuple[int, int]] = {}
    errors: list[str] = []
    for case in cases:
        found = analyse(case.text)[-1].speaker
        right = normalise_speaker(found) == normalise_speaker(case.speaker)
        good, total = counts.get(case.pattern, (0, 0))
        counts[case.pattern] = (good + right, total + 1)
        if not right:
            errors.append(f"{case.pattern}: {found!r} instead of {case.speaker!r}: {case.text!r}")
    return counts, errors
