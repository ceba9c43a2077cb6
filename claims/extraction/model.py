"""The learned check-worthiness model, scored in plain Python from its exported weights.

A logistic regression over three blocks of inputs, trained by
scripts/train_checkworthiness.py on the CLEF CheckThat! 2024 Task 1 sentences
(ClaimBuster, Arslan et al., 2020):

- word 1-2-grams, TF-IDF (sublinear tf, l2-normalised within the block);
- character 2-5-grams inside word boundaries: count times idf, divided by the square root
  of the sentence's number of character n-grams. Not l2-normalised, because then each
  word's part can be worked out once and remembered: the block costs one look-up per
  word, where l2 costs one per n-gram (three times the whole extractor's time; dev F1
  0.889 against 0.894 at best thresholds, measured with scikit-learn);
- the named features of features.py (0 or 1 each), so that each one's weight is learnt
  and a checker still reads how much each fired feature added.

score = logistic(intercept + words + characters + sum of the fired features' weights)

The words and characters part is reported as one contribution, "model". The weights ship
as claims/data/checkworthiness.json.gz (vocabulary, idf and weight per n-gram), read once
on first use; nothing is unpickled and nothing is downloaded. The vectorising below follows
scikit-learn's TfidfVectorizer (default token pattern, "char_wb" analyser) term for term,
and a test checks the exported model reproduces the trained one's dev figures.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

MODEL_FILE = "checkworthiness.json.gz"
FORMAT = 1

# Every digit reads as 0: the debates' figures are not news figures, and a figure's
# digits ("Town 11", "1,011 cars") must not move a score; that it is a figure does.
_DIGITS = str.maketrans("123456789", "000000000")


def normalise_text(text: str) -> str:
    """What the n-grams are taken from, in training and at run time alike."""
    return text.lower().translate(_DIGITS)


# scikit-learn's default token_pattern, r"(?u)\b\w\w+\b".
_WORD = re.compile(r"\b\w\w+\b")


# Words whose character n-grams are remembered (news repeats its words; a long run is
# bounded by clearing the memory when it is full).
_WORD_MEMORY = 200_000


class _Block:
    """One TF-IDF block: its n-grams, each with its idf and its weight in the regression."""

    def __init__(
        self,
        analyser: str,
        low: int,
        high: int,
        terms: list[str],
        idf: list[float],
        weight: list[float],
    ) -> None:
        if analyser not in {"word", "char_wb"}:
            msg = f"unknown analyser {analyser!r} in the check-worthiness model"
            raise ValueError(msg)
        self.analyser = analyser
        self.low = low
        self.high = high
        self.index = {term: k for k, term in enumerate(terms)}
        # What scoring a term that occurs once needs, worked out once.
        self.idf = idf
        self.idf_weight = [i * w for i, w in zip(idf, weight, strict=True)]
        self.idf_squared = [i * i for i in idf]
        self._by_word: dict[str, tuple[float, int]] = {}

    def contribution(self, text: str) -> float:
        """The block's share of the log-odds."""
        lowered = normalise_text(text)
        if self.analyser == "char_wb":
            # (count * idf . weights) / sqrt(number of n-grams), summed word by word.
            parts = [self._char_part(word) for word in lowered.split()]
            grams = sum(n for _, n in parts)
            return sum(dot for dot, _ in parts) / math.sqrt(grams) if grams else 0.0
        # (sublinear tf-idf . weights) / ||sublinear tf-idf||
        counts = Counter(self._word_terms(lowered))
        total = 0.0
        norm = 0.0
        idf_weight, idf_squared = self.idf_weight, self.idf_squared
        for k, count in counts.items():
            if count == 1:
                total += idf_weight[k]
                norm += idf_squared[k]
            else:
                tf = 1.0 + math.log(count)
                total += tf * idf_weight[k]
                norm += tf * tf * idf_squared[k]
        return total / math.sqrt(norm) if norm else 0.0

    def _word_terms(self, text: str) -> list[int]:
        tokens = _WORD.findall(text)
        grams = tokens if self.low == 1 else []
        for n in range(max(self.low, 2), self.high + 1):
            grams = grams + [" ".join(tokens[k : k + n]) for k in range(len(tokens) - n + 1)]
        get = self.index.get
        return [k for k in map(get, grams) if k is not None]

    def _char_part(self, word: str) -> tuple[float, int]:
        """A word's share of the dot product, and how many n-grams it has."""
        known = self._by_word.get(word)
        if known is None:
            if len(self._by_word) >= _WORD_MEMORY:
                self._by_word.clear()
            index, idf_weight = self.index, self.idf_weight
            grams = list(_char_wb_grams(word, self.low, self.high))
            dot = sum(idf_weight[index[gram]] for gram in grams if gram in index)
            known = (dot, len(grams))
            self._by_word[word] = known
        return known


def _char_wb_grams(word: str, low: int, high: int) -> Iterator[str]:
    """The character n-grams of one word padded with spaces, as scikit-learn's "char_wb"
    analyser makes them (a word no longer than n counts once, whole)."""
    padded = f" {word} "
    size = len(padded)
    for n in range(low, high + 1):
        if n >= size:
            yield padded
            return
        for k in range(size - n + 1):
            yield padded[k : k + n]


@dataclass(frozen=True)
class CheckworthinessModel:
    intercept: float
    threshold: float  # chosen on dev.tsv and the tuning gold articles
    blocks: tuple[_Block, ...]
    feature_weights: dict[str, float]

    def text_contribution(self, text: str) -> float:
        """What the sentence's words and characters add to the log-odds."""
        return sum(block.contribution(text) for block in self.blocks)


@cache
def load_model() -> CheckworthinessModel:
    """The shipped model, read on first use."""
    raw = resources.files("claims.data").joinpath(MODEL_FILE).read_bytes()
    return model_from_json(json.loads(gzip.decompress(raw)))


def model_from_json(data: dict[str, object]) -> CheckworthinessModel:
    if data.get("format") != FORMAT:
        msg = f"check-worthiness model format {data.get('format')!r}, expected {FORMAT}"
        raise ValueError(msg)
    blocks = []
    for block in data["blocks"]:  # type: ignore[attr-defined]
        low, high = block["ngram_range"]
        blocks.append(
            _Block(block["analyser"], low, high, block["terms"], block["idf"], block["weight"])
        )
    return CheckworthinessModel(
        intercept=float(data["intercept"]),  # type: ignore[arg-type]
        threshold=float(data["threshold"]),  # type: ignore[arg-type]
        blocks=tuple(blocks),
        feature_weights={k: float(v) for k, v in data["features"].items()},  # type: ignore[attr-defined]
    )
