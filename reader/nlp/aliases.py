"""One name per entity across articles, for linking and entity pages.

Within an article, reader.nlp.entities resolves "Stoltenberg" to "Jens
Stoltenberg". Across articles, feeds write the same thing differently:
"USA", "US" and "United States"; "Great Britain", "Britain" and "UK";
"Aukus" and "AUKUS". This maps such variants to one name.
"""

from __future__ import annotations

VERSION = "1"

_GROUPS = {
    "United States": ["US", "U.S.", "USA", "U.S.A.", "United States of America", "America", "the United States"],
    "United Kingdom": ["UK", "U.K.", "Britain", "Great Britain", "the United Kingdom"],
    "European Union": ["EU", "E.U."],
    "United Nations": ["UN", "U.N."],
    "NATO": ["North Atlantic Treaty Organization", "North Atlantic Treaty Organisation"],
    "Russia": ["Russian Federation"],
    "Czech Republic": ["Czechia"],
    "Germany": ["Federal Republic of Germany"],
    "Netherlands": ["the Netherlands", "Holland"],
    "Kremlin": ["the Kremlin"],
}
# Acronyms that some outlets write in title case ("Aukus", "Nato").
_ACRONYMS = ["AUKUS", "NATO", "GRU", "FSB", "SVR", "KGB", "OPCW", "OSCE", "SPD", "CDU", "CSU", "FDP", "AfD",
             "MI6", "MI5", "BND", "INF", "IAEA", "WHO", "G7", "G20", "EU", "UN", "UK", "US", "USA"]

ALIASES: dict[str, str] = {}
for canonical, variants in _GROUPS.items():
    for variant in [canonical, *variants]:
        ALIASES[variant.casefold()] = canonical
for acronym in _ACRONYMS:
    ALIASES.setdefault(acronym.casefold(), acronym)


def global_name(name: str) -> str:
    """The name used across articles for an entity named ``name`` in one article."""
    return ALIASES.get(name.casefold(), name)


def variants(name: str) -> list[str]:
    """The other ways the alias table writes a name ("NATO": "North Atlantic Treaty Organization", ...)."""
    return [v for v in _GROUPS.get(name, []) if v != name]
