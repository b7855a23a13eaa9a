"""One pass over a parsed document: where the knowledge phrases and role words occur.

Everything later (resolving a mention, listing entities) reads these tables; nothing is
re-parsed per mention.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from spacy.attrs import LEMMA
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token

from tidings.knowledge.keys import fold
from tidings.nlp.text import doc_ents, doc_orths, doc_text
from tidings.resolve.actors._knowledge import COUNTRYISH, Anchor, Knowledge, Role

# acronyms that are also common words, besides spaCy's stop words
_WORDLIKE = frozenset(
    {"ana", "ap", "raw", "aid", "sco", "eu", "un", "ac", "ria", "rt", "dw", "let", "jem"}
)
_SIDING_BEFORE = frozenset({"pro-", "anti-", "pro -", "anti -"})
_SIDING_AFTER = frozenset(
    {"-backed", "-supported", "-allied", "-aligned", "-funded", "-sponsored", "-friendly"}
)
_NOUNISH = frozenset({"NOUN", "PROPN", "ADJ"})  # ADJ: "military" in "military convoy"


@dataclass(frozen=True, slots=True)
class NamedMatch:
    """Tokens ``start:end`` name something in the knowledge files."""

    start: int
    end: int
    anchors: tuple[Anchor, ...]

    @property
    def anchor(self) -> Anchor:
        return self.anchors[0]


@dataclass(frozen=True, slots=True)
class RoleMatch:
    """Tokens ``start:end`` are a role word ("riot police", "president")."""

    start: int
    end: int
    role: Role


@dataclass(slots=True)
class DocIndex:
    """Per-token look-up tables for one document."""

    doc: Doc
    lowercase: bool
    named: list[NamedMatch] = field(default_factory=list)
    roles: list[RoleMatch] = field(default_factory=list)
    named_at: dict[int, NamedMatch] = field(default_factory=dict)
    role_at: dict[int, RoleMatch] = field(default_factory=dict)
    sent_of: list[int] = field(default_factory=list)
    sent_spans: list[tuple[int, int]] = field(default_factory=list)
    person_at: dict[int, int] = field(default_factory=dict)
    person_ents: set[int] = field(default_factory=set)
    # lower-cased words the text capitalises inside a sentence (built on first use)
    midcaps: frozenset[str] | None = None

    def named_in(self, start: int, end: int) -> list[NamedMatch]:
        return [m for m in self.named if m.start >= start and m.end <= end]

    def roles_in(self, start: int, end: int) -> list[RoleMatch]:
        return [m for m in self.roles if m.start >= start and m.end <= end]


def _is_lowercase(doc: Doc) -> bool:
    letters = list(filter(str.isalpha, doc_text(doc)[:5000]))
    return bool(letters) and sum(map(str.isupper, letters)) < 0.01 * len(letters)


def _case_ok(anchor: Anchor, tokens: list[Token], lowercase: bool) -> bool:
    if lowercase:
        # all-lowercase text ("srp jawans"): an acronym counts unless it is also a word ("us")
        word = anchor.surface.replace(".", "").lower()
        acronym = sum(c.isupper() for c in anchor.surface) >= 2
        short = len(word) <= 3  # "lao" is also Hindi for "bring"
        if acronym:
            return word not in STOP_WORDS and word not in _WORDLIKE
        return not short
    for word, tok in zip(anchor.words, tokens, strict=True):
        if not any(c.isupper() for c in word):
            continue
        if word.isupper() and len(word.replace(".", "")) <= 4:
            if tok.text.replace(".", "") != word.replace(".", ""):
                return False
        elif not tok.text[:1].isupper():
            return False
    return True


_fold = functools.lru_cache(maxsize=1 << 16)(fold)  # a document's words, folded once

_M = TypeVar("_M", NamedMatch, RoleMatch)


def _leftmost_longest(
    sizes: Sequence[Sequence[int]], match: Callable[[int, int], _M | None]
) -> Iterator[_M]:
    """Greedy matches from left to right, the longest at each position; they never overlap.
    ``sizes[i]`` lists, longest first, the only sizes that can match at word ``i`` (the
    lengths of the table's keys that begin with the word there); ``match(i, size)`` says
    what, if anything, the ``size`` tokens from ``i`` match."""
    n, end = len(sizes), 0
    for i in [i for i, at in enumerate(sizes) if at]:  # most words begin no key
        if i < end:
            continue
        for size in sizes[i]:
            if size <= n - i:
                found = match(i, size)
                if found is not None:
                    yield found
                    end = found.end
                    break


@dataclass(frozen=True, slots=True)
class _Starts:
    """For each first word of a table's keys, the lengths of those keys, longest first."""

    kb: Knowledge
    named: dict[str, tuple[int, ...]]
    roles: dict[str, tuple[int, ...]]
    sizes: tuple[int, int]  # of kb.named and kb.roles when built
    one_word_roles: frozenset[str]


def _lengths(keys: Iterable[tuple[str, ...]]) -> dict[str, tuple[int, ...]]:
    by_first: dict[str, set[int]] = {}
    for key in keys:
        if key:
            by_first.setdefault(key[0], set()).add(len(key))
    return {w: tuple(sorted(ls, reverse=True)) for w, ls in by_first.items()}


_STARTS: list[_Starts] = []


def _starts(kb: Knowledge) -> _Starts:
    """The first-word tables of ``kb``, built once (again if its tables have grown)."""
    sizes = (len(kb.named), len(kb.roles))
    for s in _STARTS:
        if s.kb is kb and s.sizes == sizes:
            return s
    one = frozenset(k[0] for k in kb.roles if len(k) == 1)
    built = _Starts(kb, _lengths(kb.named), _lengths(kb.roles), sizes, one)
    _STARTS[:] = [*[s for s in _STARTS if s.kb is not kb][-3:], built]
    return built


_NONE: tuple[int, ...] = ()


def _scan_named(index: DocIndex, kb: Knowledge, folded: list[str]) -> None:
    doc = index.doc

    def match(i: int, size: int) -> NamedMatch | None:
        anchors = kb.named.get(tuple(folded[i : i + size]))
        if not anchors:
            return None
        tokens = list(doc[i : i + size])
        ok = tuple(a for a in anchors if _case_ok(a, tokens, index.lowercase))
        return NamedMatch(i, i + size, ok) if ok else None

    lengths = _starts(kb).named
    for found in _leftmost_longest([lengths.get(w, _NONE) for w in folded], match):
        index.named.append(found)
        for k in range(found.start, found.end):
            index.named_at[k] = found


def _scan_roles(index: DocIndex, kb: Knowledge, folded: list[str], lemmas: list[str]) -> None:
    doc = index.doc
    tagged = doc.has_annotation("POS")

    def match(i: int, size: int) -> RoleMatch | None:
        if any(k in index.named_at for k in range(i, i + size)):
            return None
        words = folded[i : i + size]
        role = kb.roles.get(tuple(words)) or kb.roles.get(
            tuple([*words[:-1], lemmas[i + size - 1]])
        )
        if role is None:
            return None
        if tagged and doc[i + size - 1].pos_ not in _NOUNISH:
            return None
        return RoleMatch(i, i + size, role)

    starts = _starts(kb)
    by_form = [starts.roles.get(w, _NONE) for w in folded]
    # a one-word key may match the word's lemma ("policemen" -> "policeman")
    sizes = [
        at if 1 in at or lemma not in starts.one_word_roles else (*at, 1)
        for at, lemma in zip(by_form, lemmas, strict=True)
    ]
    for found in _leftmost_longest(sizes, match):
        index.roles.append(found)
        for k in range(found.start, found.end):
            index.role_at[k] = found


def index_document(doc: Doc, kb: Knowledge) -> DocIndex:
    """Find every knowledge phrase and role word in ``doc`` (longest match first)."""
    index = DocIndex(doc=doc, lowercase=_is_lowercase(doc))
    # from attribute arrays, no ``Token`` per word; a word is folded once per process
    folded = list(map(_fold, doc_orths(doc)))
    strings = doc.vocab.strings
    lemma_ids = doc.to_array(LEMMA).tolist() if len(doc) else []
    lemmas = [_fold(strings[h]) if h else w for h, w in zip(lemma_ids, folded, strict=True)]
    _scan_named(index, kb, folded)
    _scan_roles(index, kb, folded, lemmas)
    if doc.has_annotation("SENT_START"):
        for s_i, sent in enumerate(doc.sents):
            index.sent_spans.append((sent.start, sent.end))
            index.sent_of.extend([s_i] * (sent.end - sent.start))
    else:
        index.sent_spans.append((0, len(doc)))
        index.sent_of.extend([0] * len(doc))
    for e_i, ent in enumerate(doc_ents(doc)):
        # NER sometimes calls a lone nationality or organisation name a person ("Tajik")
        if ent.label_ == "PERSON" and not all(
            k in index.named_at for k in range(ent.start, ent.end)
        ):
            index.person_ents.add(e_i)
            for k in range(ent.start, ent.end):
                index.person_at[k] = e_i
    return index


@dataclass(frozen=True, slots=True)
class Parts:
    """What a token range says: the knowledge it names, its role words and its head token."""

    named: list[NamedMatch]
    roles: list[RoleMatch]
    head: int | None


def head_role(parts: Parts) -> RoleMatch | None:
    """The role word that heads the phrase, else the last one in it."""
    if not parts.roles:
        return None
    if parts.head is not None:
        for r in parts.roles:
            if r.start <= parts.head < r.end:
                return r
    return parts.roles[-1]


def siding(doc: Doc, m: NamedMatch) -> bool:
    """ "pro-Russian separatists", "anti-French protesters", "Iran-backed militias": the
    country word says whom they side with or oppose, not whose they are. A seat of power
    ("pro-Kremlin media") does name their state."""
    if m.anchor.kind not in COUNTRYISH:
        return False
    before = doc[m.start - 2 : m.start].text.lower() if m.start >= 2 else ""
    after = doc[m.end : m.end + 2].text.lower() if m.end + 2 <= len(doc) else ""
    return before in _SIDING_BEFORE or after in _SIDING_AFTER
