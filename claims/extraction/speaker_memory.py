"""What an article has said so far about people, titles and organisations, and what a
reported statement is: who made it and where its content lies."""

from __future__ import annotations

from dataclasses import dataclass, field

from claims.extraction.lexicon import (
    COMPANY_SUFFIXES,
    LEADER_ROLES,
    ORGANISATION_HEADS,
    PAIR_PLACE_NOUNS,
)
from claims.extraction.speaker_words import (
    AGENCY_HEADS,
    COMPANY_WORDS,
    CONNECTORS,
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
                if len(part) > 1 and part.lower() not in CONNECTORS:
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
            for word in COMPANY_WORDS:
                self.organisations[word] = name
        if heads & AGENCY_HEADS:
            self.organisations["agency"] = name

    def last_pair(self, noun: str) -> str | None:
        if noun in PAIR_PLACE_NOUNS:
            return self.place_pair
        if len(self.recent_persons) >= 2:
            return f"{self.recent_persons[-2]} and {self.recent_persons[-1]}"
        return None
