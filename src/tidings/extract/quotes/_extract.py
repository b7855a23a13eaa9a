"""Quotations and reported claims in a parsed document.

Stages, in order, over one parse and one regex pass (no re-parsing):

1. marks     – pair quotation marks into quoted spans (``_marks``)
2. reports   – each reporting verb's content and speaker from the parse (``_speech``); a
               content that is a quoted span is a direct quote, one ending in or holding a
               quoted fragment a mixed quote, otherwise indirect speech
3. direct    – quoted spans the parse left unlinked: next to a cue with its speaker ("“…,”
               Putin said"), or a full clause after a speaker's colon
4. according – "according to X, …" where no verb reports the sentence
5. turns     – a full quoted clause standing alone next to an attributed sentence continues
               that speaker's turn
6. sources   – the medium each statement is cited from (``_sources``)

A quoted span none of these claims is a scare quote or a title and yields nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from spacy.symbols import NOUN, POS, VERB
from spacy.tokens import Doc, Token

from tidings.extract.quotes._lexicon import Lexicon, lexicon
from tidings.extract.quotes._marks import QuoteSpan, find_quote_spans
from tidings.extract.quotes._sources import according_to, find_source, medium_name
from tidings.extract.quotes._speech import (
    SAY_LIKE,
    Report,
    enclosing_cue,
    nominal_report,
    phrase_bounds,
    report_of,
    subject_of,
)
from tidings.extract.types import Mention, QuoteMention
from tidings.nlp.text import doc_lemmas, doc_orths, doc_text, indices_where
from tidings.records import QuoteKind

log = logging.getLogger(__name__)

DIRECT_COVERAGE = 0.8  # share of a content's words inside one quoted span to call it direct
FRAGMENT_WORDS = 4  # a quoted fragment this long inside reported content makes it mixed
CLAUSE_WORDS = 5  # a quoted span this long with a verb is a full clause
MAX_GAP = 10  # tokens between a quoted span and its cue, speaker and medium included


@dataclass(slots=True)
class _Claim:
    kind: QuoteKind
    content: tuple[int, int]  # characters
    speaker: tuple[int, int] | None  # tokens
    cue: Token | None
    cue_chars: tuple[int, int] | None
    sentence: int
    source: tuple[int, int] | None = None  # tokens
    quotes: set[int] = field(default_factory=set)


class _Document:
    """Per-document lookups: which quote and sentence each token is in."""

    def __init__(self, doc: Doc, text: str, spans: list[QuoteSpan], lex: Lexicon) -> None:
        self.doc = doc
        self.text = text
        self.spans = spans
        self.lex = lex
        self.sents = [(s.start, s.end) for s in doc.sents]
        self.sent_of = [0] * len(doc)
        for n, (a, b) in enumerate(self.sents):
            for i in range(a, b):
                self.sent_of[i] = n
        self.quote_of = [-1] * len(doc)
        for q, span in enumerate(spans):
            for i in self._token_range(span.open, span.close + 1):
                self.quote_of[i] = q
        self.consumed: set[int] = set()
        # which tokens are words (hold a letter or digit), read once from the document's texts
        self.is_word = [any(map(str.isalnum, w)) for w in doc_orths(doc)]

    def _token_range(self, start: int, end: int) -> range:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return range(span.start, span.end) if span is not None else range(0)

    def tokens(self, chars: tuple[int, int]) -> range:
        return self._token_range(*chars)

    def inner_quote(self, tok: Token) -> int:
        """The quote ``tok`` is a word of (not one of its marks), or -1."""
        q = self.quote_of[tok.i]
        if q < 0:
            return -1
        span = self.spans[q]
        return q if span.start <= tok.idx < span.end else -1

    def words(self, chars: tuple[int, int]) -> list[Token]:
        doc, is_word = self.doc, self.is_word
        return [doc[i] for i in self.tokens(chars) if is_word[i]]

    def n_words(self, chars: tuple[int, int]) -> int:
        return sum(map(self.is_word.__getitem__, self.tokens(chars)))

    def phrase(self, head: Token) -> tuple[int, int]:
        """A speaker's token bounds, widened so a quoted name keeps both its marks."""
        start, end = phrase_bounds(head)
        for i in (start, end - 1):
            q = self.quote_of[i]
            if q >= 0 and not self.is_clause(q):
                marks = self.tokens((self.spans[q].open, self.spans[q].close + 1))
                start, end = min(start, marks.start), max(end, marks.stop)
        return start, end

    def quoted_clause(self, tok: Token) -> bool:
        """Whether ``tok`` is inside a quoted clause (a name in scare quotes is not one)."""
        q = self.quote_of[tok.i]
        return q >= 0 and self.is_clause(q)

    def is_clause(self, q: int) -> bool:
        words = self.words((self.spans[q].start, self.spans[q].end))
        has_verb = any(t.pos_ in ("VERB", "AUX") for t in words)
        return has_verb and len(words) >= CLAUSE_WORDS

    def chars(self, start: int, end: int) -> tuple[int, int]:
        """Character bounds of tokens ``[start, end)``."""
        last = self.doc[end - 1]
        return self.doc[start].idx, last.idx + len(last.text)


_REPORT_POS = frozenset({VERB, NOUN})


# 2. reports


def _content_tokens(
    ctx: _Document, heads: tuple[Token, ...], stop: int | None = None
) -> tuple[int, int] | None:
    """Token bounds ``[start, end)`` covering the heads' subtrees (up to ``stop``), trimmed."""
    start = min(h.left_edge.i for h in heads)
    end = max(h.right_edge.i for h in heads) + 1
    if stop is not None:
        end = min(end, stop)
    for h in heads:
        # "said X and noted Y" / "told X they were against it, saying Y" parsed with the second
        # cue inside X: Y is the second cue's content, not part of X
        for c in h.subtree:
            if (
                c.i > h.i
                and c.pos_ == "VERB"
                and enclosing_cue(c) is not None
                and c.tag_ in ("VBD", "VBZ", "VBP", "VBG")  # "arrested and charged": no cue
                and (c.dep_ == "conj" or c.lemma_.lower() in SAY_LIKE)
                and ctx.lex.is_cue(c.lemma_.lower())
                and not any(d.dep_ == "nsubj" for d in c.children)
            ):
                end = min(end, c.left_edge.i)
    doc = ctx.doc
    # a paragraph break outside quotation marks ends reported speech, whatever the parse says
    first_head = min(h.i for h in heads)
    for i in range(start, end):
        if "\n" in doc[i].text_with_ws and ctx.quote_of[i] < 0:
            if i < first_head:
                start = i + 1
            else:
                end = i + 1
                break
    while start < end and (
        doc[start].is_punct
        or doc[start].is_space
        or (doc[start].dep_ == "mark" and doc[start].lower_ == "that")
    ):
        start += 1
    while end > start and (
        doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].dep_ == "cc"
    ):
        end -= 1
    return (start, end) if start < end else None


def _extend_over_quotes(ctx: _Document, chars: tuple[int, int]) -> tuple[int, int]:
    """Widen a content so no quoted span is cut in two; keep the marks of a fragment at its edge."""
    start, end = chars
    for span in ctx.spans:
        if span.close < start or span.open >= end:
            continue
        if span.open < start <= span.close or span.open <= end <= span.close:
            start, end = min(start, span.open), max(end, span.close + 1)
    return start, end


def _classify(
    ctx: _Document, chars: tuple[int, int]
) -> tuple[QuoteKind, tuple[int, int], set[int]]:
    """Direct, mixed or indirect, with the content to report and the quoted spans it explains."""
    words = ctx.words(chars)
    inside = [
        q
        for q in range(len(ctx.spans))
        if ctx.spans[q].open >= chars[0] and ctx.spans[q].close < chars[1]
    ]
    if not words:
        return "indirect", chars, set(inside)
    counts: dict[int, int] = {}
    for t in words:
        q = ctx.inner_quote(t)
        if q >= 0:
            counts[q] = counts.get(q, 0) + 1
    if counts:
        best = max(counts, key=lambda q: counts[q])
        if counts[best] / len(words) >= DIRECT_COVERAGE:
            span = ctx.spans[best]
            return "direct", (span.start, span.end), {best}
    for q in inside:
        span = ctx.spans[q]
        fragment = ctx.n_words((span.start, span.end))
        tail = ctx.text[span.close + 1 : chars[1]]
        if fragment >= FRAGMENT_WORDS or not any(ch.isalnum() for ch in tail):
            return "mixed", chars, set(inside)
    return "indirect", chars, set(inside)


def _claims_from_report(ctx: _Document, rep: Report) -> list[_Claim]:
    speaker_tok = rep.speaker or subject_of(rep.cue)
    if speaker_tok is None or ctx.quoted_clause(speaker_tok):
        return []
    speaker = ctx.phrase(speaker_tok)
    groups: list[tuple[Token, ...]] = [rep.content]
    if rep.frame == "clause":
        # “…,” he said, “…” — each side of the cue is its own content
        left = tuple(h for h in rep.content if h.i < rep.cue.i)
        right = tuple(h for h in rep.content if h.i > rep.cue.i)
        groups = [g for g in (left, right) if g]
    claims: list[_Claim] = []
    for heads in groups:
        stop = rep.cue.left_edge.i if rep.frame == "parataxis" else None
        bounds = _content_tokens(ctx, heads, stop)
        if bounds is None or (speaker[0] < bounds[1] and bounds[0] < speaker[1]):
            continue
        chars = _extend_over_quotes(ctx, ctx.chars(*bounds))
        kind, content, quotes = _classify(ctx, chars)
        if kind == "direct" and quotes & ctx.consumed:
            continue
        if kind != "direct" and ctx.n_words(content) < 2:
            continue
        claims.append(_claim(ctx, kind, content, speaker, rep.cue, quotes))
    return claims


def _claim(
    ctx: _Document,
    kind: QuoteKind,
    content: tuple[int, int],
    speaker: tuple[int, int] | None,
    cue: Token | None,
    quotes: set[int],
    cue_chars: tuple[int, int] | None = None,
) -> _Claim:
    ctx.consumed |= quotes
    if cue is not None and cue_chars is None:
        end = cue.i + 1
        if end < len(ctx.doc) and ctx.doc[end].dep_ == "prt" and ctx.doc[end].head.i == cue.i:
            end += 1
        cue_chars = ctx.chars(cue.i, end)
    anchor = cue.i if cue is not None else ctx.tokens(content).start
    return _Claim(
        kind=kind,
        content=content,
        speaker=speaker,
        cue=cue,
        cue_chars=cue_chars,
        sentence=ctx.sent_of[min(anchor, len(ctx.doc) - 1)],
        quotes=quotes,
    )


# 3. direct quotes the parse left unlinked


def _gap_ok(ctx: _Document, cue: Token, gap: range, speaker: tuple[int, int], clause: bool) -> bool:
    if len(gap) > MAX_GAP:
        return False
    subtree = {t.i for t in cue.subtree}
    for i in gap:
        tok = ctx.doc[i]
        if tok.is_punct or tok.is_space or speaker[0] <= i < speaker[1]:
            continue
        if tok.dep_ == "mark":  # "…,” while police said": the cue heads another clause
            return False
        # the cue's own adverbs, objects and media are fine next to a full clause
        if not clause or i not in subtree or ctx.quote_of[i] >= 0:
            return False
    return True


def _cue_for(ctx: _Document, q: int, cues: list[Report]) -> tuple[Report, tuple[int, int]] | None:
    span = ctx.spans[q]
    marks = ctx.tokens((span.open, span.close + 1))
    if not marks:
        return None
    first, last = ctx.sent_of[marks.start], ctx.sent_of[marks.stop - 1]
    # parsers often end a sentence at the colon or after the closing mark
    lo = ctx.sents[max(first - 1, 0)][0]
    hi = ctx.sents[min(last + 1, len(ctx.sents) - 1)][1]
    clause = ctx.is_clause(q)
    best: tuple[int, Report, tuple[int, int]] | None = None
    for rep in cues:
        i = rep.cue.i
        if not lo <= i < hi or ctx.quote_of[i] >= 0:
            continue
        if ctx.sent_of[i] > last and rep.content:
            continue  # a later sentence's cue with its own content reports that content
        speaker_tok = subject_of(rep.cue)
        if speaker_tok is None or ctx.quoted_clause(speaker_tok):
            continue
        speaker = ctx.phrase(speaker_tok)
        if speaker[0] <= marks.start < speaker[1]:
            continue  # the quoted words name the speaker ("the so-called “Islamic State” said")
        gap = range(marks.stop, i) if i >= marks.stop else range(i + 1, marks.start)
        if not _gap_ok(ctx, rep.cue, gap, speaker, clause):
            continue
        if best is None or len(gap) < best[0]:
            best = (len(gap), rep, speaker)
    return (best[1], best[2]) if best else None


def _colon_claim(ctx: _Document, q: int) -> _Claim | None:
    """A full quoted clause right after a colon that ends a clause with a subject."""
    span = ctx.spans[q]
    before = ctx.text[max(0, span.open - 200) : span.open].rstrip()
    offset = max(0, span.open - 200)
    if not before.endswith(":") or not ctx.is_clause(q):
        return None
    at = offset + len(before) - 1
    colon = ctx.doc.char_span(at, at + 1, alignment_mode="expand")
    if colon is None:
        return None
    verb = colon[0].head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    speaker_tok = subject_of(verb)
    if speaker_tok is None or ctx.quoted_clause(speaker_tok):
        return None
    return _claim(ctx, "direct", (span.start, span.end), ctx.phrase(speaker_tok), verb, {q})


# 4. "according to X, …"


def _according_claims(ctx: _Document, claims: list[_Claim]) -> list[_Claim]:
    out: list[_Claim] = []
    reported = {c.sentence for c in claims}
    if "according" not in ctx.text.lower():  # according_to needs the word
        return out
    for tok in ctx.doc:
        obj = according_to(tok)
        if obj is None or ctx.quote_of[tok.i] >= 0:
            continue
        n = ctx.sent_of[tok.i]
        if n in reported:
            continue
        speaker = ctx.phrase(obj)
        skip = set(range(tok.left_edge.i, max(tok.right_edge.i + 1, speaker[1])))
        a, b = ctx.sents[n]
        rest = [i for i in range(a, b) if i not in skip]
        while rest and ctx.doc[rest[0]].is_punct:
            rest.pop(0)
        while rest and ctx.doc[rest[-1]].is_punct:
            rest.pop()
        if sum(ctx.is_word[i] for i in rest) < 3:
            continue
        # the side holding the main clause is the content ("X, according to Y, adding …" /
        # "According to Y, X"); the larger side when the parse hangs the main verb elsewhere
        left = [i for i in rest if i < tok.i]
        right = [i for i in rest if i > tok.i]
        root = ctx.doc[tok.i].sent.root.i
        if root in skip:
            side = left if len(left) >= len(right) else right
        else:
            side = left if root < tok.i else right
        while side and (ctx.doc[side[0]].is_punct or ctx.doc[side[0]].is_space):
            side.pop(0)
        while side and (ctx.doc[side[-1]].is_punct or ctx.doc[side[-1]].is_space):
            side.pop()
        if sum(ctx.is_word[i] for i in side) < 3:
            continue
        chars = _extend_over_quotes(ctx, ctx.chars(side[0], side[-1] + 1))
        kind, content, quotes = _classify(ctx, chars)
        to_end = tok.i + 2 if tok.i + 1 < len(ctx.doc) else tok.i + 1
        claim = _claim(ctx, kind, content, speaker, None, quotes, ctx.chars(tok.i, to_end))
        claim.sentence = n
        claim.source = medium_name(obj, ctx.lex)
        out.append(claim)
        reported.add(n)
    return out


# 5. a speaker's turn continued in the next sentence


def _standalone(ctx: _Document, q: int) -> bool:
    """A full quoted clause with no other words in its sentences (within its paragraph)."""
    span = ctx.spans[q]
    marks = ctx.tokens((span.open, span.close + 1))
    if not marks or not ctx.is_clause(q):
        return False
    text = ctx.text
    para_start = text.rfind("\n", 0, span.open) + 1
    para_end = text.find("\n", span.close)
    para_end = len(text) if para_end < 0 else para_end
    a = ctx.sents[ctx.sent_of[marks.start]][0]
    b = ctx.sents[ctx.sent_of[marks.stop - 1]][1]
    return all(
        not ctx.is_word[i]
        for i in range(a, b)
        if not marks.start <= i < marks.stop and para_start <= ctx.doc[i].idx < para_end
    )


def _turns(ctx: _Document, claims: list[_Claim]) -> list[_Claim]:
    out: list[_Claim] = []
    by_sentence: dict[int, _Claim] = {}
    for c in claims:
        if c.speaker is not None:
            for n in _sentences(ctx, c):
                by_sentence.setdefault(n, c)
    pending = [q for q in range(len(ctx.spans)) if q not in ctx.consumed and _standalone(ctx, q)]
    changed = True
    while changed:
        changed = False
        for q in list(pending):
            marks = ctx.tokens((ctx.spans[q].open, ctx.spans[q].close + 1))
            first, last = ctx.sent_of[marks.start], ctx.sent_of[marks.stop - 1]
            turn = by_sentence.get(first - 1) or by_sentence.get(last + 1)
            if turn is None:
                continue
            span = ctx.spans[q]
            claim = _claim(ctx, "direct", (span.start, span.end), turn.speaker, None, {q})
            claim.cue, claim.cue_chars = turn.cue, turn.cue_chars
            out.append(claim)
            for n in range(first, last + 1):
                by_sentence.setdefault(n, claim)
            pending.remove(q)
            changed = True
    return out


def _sentences(ctx: _Document, c: _Claim) -> range:
    toks = ctx.tokens(c.content)
    first = ctx.sent_of[toks.start] if toks else c.sentence
    last = ctx.sent_of[toks.stop - 1] if toks else c.sentence
    if c.cue is not None:
        first, last = min(first, ctx.sent_of[c.cue.i]), max(last, ctx.sent_of[c.cue.i])
    return range(first, last + 1)


# 6. sources and assembly


def _mention(ctx: _Document, chars: tuple[int, int]) -> Mention:
    start, end = chars
    text = ctx.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Mention(text=text[start:end], start=start, end=end)


def _token_mention(ctx: _Document, bounds: tuple[int, int]) -> Mention:
    return _mention(ctx, ctx.chars(*bounds))


def _assemble(ctx: _Document, c: _Claim) -> QuoteMention:
    if c.source is None and c.cue is not None:
        content = ctx.tokens(c.content)
        exclude = [(content.start, content.stop)]
        if c.speaker is not None:
            exclude.append(c.speaker)
        sentence = ctx.sents[ctx.sent_of[c.cue.i]]
        c.source = find_source(c.cue, sentence, exclude, ctx.lex)
    return QuoteMention(
        content=_mention(ctx, c.content),
        kind=c.kind,
        speaker=_token_mention(ctx, c.speaker) if c.speaker else None,
        cue=_mention(ctx, c.cue_chars) if c.cue_chars else None,
        source=_token_mention(ctx, c.source) if c.source else None,
        sentence_index=c.sentence,
    )


def extract_quotes(doc: Doc) -> list[QuoteMention]:
    """Direct, indirect and mixed quotations in ``doc`` with cue, speaker and cited source."""
    if not len(doc):
        return []
    if not doc.has_annotation("DEP"):
        log.warning("quotes need a dependency parse; this document has none, so none are found")
        return []
    lex = lexicon()
    # 1. marks
    text = doc_text(doc)
    ctx = _Document(doc, text, find_quote_spans(text), lex)
    # 2. reports
    # only verbs (report_of) and nouns (nominal_report) with a cue lemma can report: the
    # others are skipped by their part-of-speech ids and lemmas, without a ``Token`` for each
    lemmas = doc_lemmas(doc)
    reports = [
        r
        for i in indices_where(doc, POS, _REPORT_POS)
        if ctx.quote_of[i] < 0
        and (lex.is_cue(lemmas[i]) or lemmas[i] in lex.claim_cue_nouns)
        and (r := report_of(tok := doc[i], lex) or nominal_report(tok, lex))
    ]
    claims = [c for rep in reports if rep.content for c in _claims_from_report(ctx, rep)]
    # 3. direct quotes the parse left unlinked
    for q in range(len(ctx.spans)):
        if q in ctx.consumed:
            continue
        found = _cue_for(ctx, q, reports)
        span = ctx.spans[q]
        if found is not None:
            rep, speaker = found
            claims.append(_claim(ctx, "direct", (span.start, span.end), speaker, rep.cue, {q}))
        elif (colon := _colon_claim(ctx, q)) is not None:
            claims.append(colon)
    # 4. according to
    claims += _according_claims(ctx, claims)
    # 5. turns
    claims += _turns(ctx, claims)
    # 6. sources and assembly
    seen: set[tuple[int, int]] = set()
    out: list[QuoteMention] = []
    for c in sorted(claims, key=lambda c: (c.content[0], c.kind != "direct")):
        if c.content in seen or c.content[0] >= c.content[1]:
            continue
        seen.add(c.content)
        out.append(_assemble(ctx, c))
    log.debug("%d quotes from %d quoted spans", len(out), len(ctx.spans))
    return out
