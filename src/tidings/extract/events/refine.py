"""Mode, ACLED type and context from the words around an event (weapons, targets, sides)."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from tidings.extract.events.lexicon import words
from tidings.nlp.text import doc_lemmas, doc_lowers, span_words
from tidings.ontology import acled_for

# order matters: the most specific weapon named in the sentence decides
_MODE_ORDER = (
    "suicide-attack",
    "explosives",
    "drone",
    "aerial",
    "heavy-weapons",
    "crowd-control",
    "abduct",
    "sexual",
    "firearms",
    "beat",
    "destroy",
)
_UPGRADABLE = frozenset({"firearms", "explosives"})
_WEAPONS = frozenset(
    {"suicide-attack", "explosives", "drone", "aerial", "heavy-weapons", "crowd-control"}
)


def _lemmas(tokens: list[Token] | Span) -> frozenset[str]:
    if isinstance(tokens, Span):
        return span_words(tokens)  # a sentence's, read once
    return frozenset({t.lemma_.lower() for t in tokens} | {t.lower_ for t in tokens})


def assault_mode(sent: Span, entry_mode: tuple[str, ...], clause: Token | None = None) -> list[str]:
    """An ASSAULT's mode: the entry's, else the most specific weapon its clause (or, failing
    that, its sentence) names."""
    # token indices, the words read from the document's lists (no Token for the sentence's)
    scopes: list[Iterable[int]] = [[t.i for t in clause.subtree]] if clause is not None else []
    found: list[str] = []
    surface_only = words()["cue_surface_only"]
    lemmas, lowers = doc_lemmas(sent.doc), doc_lowers(sent.doc)
    for scope in [*scopes, range(sent.start, sent.end)]:
        # "torn apart" has the lemma of "tear gas": some cues count only as written
        cues = {lemmas[i] for i in scope if lemmas[i] not in surface_only}
        cues |= {lowers[i] for i in scope}
        found = [m for m in _MODE_ORDER if cues & words().mode_cues[m]]
        if found:
            break
    if entry_mode:
        # "fired mortar shells", "suicide bomber": a more specific weapon wins over the verb's
        upgrade = entry_mode[0] in _UPGRADABLE and found and found[0] in _WEAPONS
        if upgrade and _MODE_ORDER.index(found[0]) < _MODE_ORDER.index(entry_mode[0]):
            return [found[0]]
        return list(entry_mode)
    return found[:1]


def mobilize_mode(theme: list[Token]) -> list[str]:
    w = words()
    lem = _lemmas([x for h in theme for x in h.subtree])
    if lem & w["police_nouns"]:
        return ["police"]
    if lem & w["militia_nouns"]:
        return ["militia"]
    if lem & w["weapon_nouns"]:
        return ["weapons"]
    return ["troops"]


def _side_words(heads: list[Token]) -> frozenset[str]:
    return _lemmas([x for h in heads for x in h.subtree])


def assault_acled(
    sent: Span,
    mode: list[str],
    actors: list[Token],
    recipients: list[Token],
    entry_acled: tuple[str, str] | None,
) -> tuple[str, str] | None:
    """ACLED (event_type, sub_event_type) of an ASSAULT from its weapon and its two sides."""
    w = words()
    if "explosives" in mode and _lemmas(sent) & w["grenade_cues"]:
        return ("Explosions/Remote violence", "Grenade")
    if mode and mode[0] in ("suicide-attack", "explosives", "aerial", "drone", "heavy-weapons"):
        return acled_for("ASSAULT", mode)
    armed = w["armed_nouns"]
    civil = w["civilian_nouns"]
    actor_w, recip_w = _side_words(actors), _side_words(recipients)
    if mode and mode[0] in ("abduct", "sexual"):
        if mode[0] == "abduct" and recip_w & armed and not recip_w & civil:
            return ("Battles", "Armed clash")  # ACLED: capturing fighters is part of fighting
        return acled_for("ASSAULT", mode)
    if actor_w & w["mob_nouns"] and not actor_w & armed:
        if mode and mode[0] == "destroy":
            return ("Riots", "Violent demonstration")
        return ("Riots", "Mob violence")
    if mode and mode[0] == "crowd-control":
        return ("Protests", "Excessive force against protesters")
    if recip_w & armed and (actor_w & armed or not actor_w):
        return ("Battles", "Armed clash")
    if recip_w & civil and not recip_w & armed:
        return ("Violence against civilians", "Attack")
    if entry_acled is not None:
        return entry_acled
    if _lemmas(sent) & armed:
        return ("Battles", "Armed clash")
    if mode and mode[0] == "destroy":
        return ("Strategic developments", "Looting/property destruction")
    return ("Violence against civilians", "Attack")


def acled_type(
    event_type: str,
    mode: list[str],
    sent: Span,
    actors: list[Token],
    recipients: list[Token],
    entry_acled: tuple[str, str] | None,
) -> tuple[str, str] | None:
    if event_type == "ASSAULT":
        return assault_acled(sent, mode, actors, recipients, entry_acled)
    if entry_acled is not None:
        return entry_acled
    weapons = {"weapon", "explosive", "bomb", "ied", "mine", "ammunition", "arms"}
    if event_type == "COERCE" and "seize" in mode and _lemmas(sent) & weapons:
        return ("Strategic developments", "Disrupted weapons use")
    return acled_for(event_type, mode)


def contexts(
    event_type: str, mode: list[str], entry_context: tuple[str, ...], sent: Span
) -> list[str]:
    out = list(entry_context)
    cues = _lemmas(sent)
    if event_type == "ASSAULT":
        if cues & {"terrorist", "terror", "terrorism", "jihadist", "suicide"}:
            out.append("terrorism")
        if (mode and mode[0] in ("aerial", "drone", "heavy-weapons")) or cues & {
            "army",
            "troop",
            "soldier",
            "military",
            "militant",
            "taliban",
            "insurgent",
            "rebel",
        }:
            out.append("military")
        if mode and mode[0] == "crowd-control":
            out.append("repression")
    if event_type == "PROTEST" and cues & {"price", "fuel", "wage", "salary", "tax", "job"}:
        out.append("economic")
    if (
        event_type == "COERCE"
        and "arrest" in mode
        and cues & {"protester", "activist", "opposition", "journalist", "dissident"}
    ):
        out.append("repression")
    if cues & {
        "religious",
        "communal",
        "hindu",
        "muslim",
        "sectarian",
        "ethnic",
        "sikh",
        "christian",
    }:
        out.append("religion_ethnicity")
    return list(dict.fromkeys(out))
