"""Plain-text page cleaning: find the article among a page's chrome.

A crawler's plain text of a news page is the article surrounded by furniture: appeals,
navigation, captions, bylines, teaser blocks, footers. Each line gets a weight (prose is worth
its words; short headline-like lines, and lines matching the chrome patterns of
``data/clean/chrome.yaml``, cost), and the article is the run of lines with the largest total
weight (a maximum-sum segment, as in Finn et al.'s body text extraction). The run starts after
the page's own headline when the page title names it, and loses a tail of teasers or an
author's bio. Chrome lines inside it are dropped; the headline is the nearest headline-like
line above it; the publisher is read from appeals, copyright lines and the page title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from tidings.clean.dates import is_date_line, is_labelled_date
from tidings.clean.patterns import ChromePatterns, chrome_patterns

_WORD = re.compile(r"\w+")
# a line that ends a sentence: terminal punctuation, maybe inside closing quotes or brackets
_SENTENCE_END = re.compile(r"[.!?。！？][\"”’'»)\]」』）]*$|[\"”’»」』]$")
_HEADLINE_END = re.compile(r"[?!][\"”’'»)\]]*$")
# Chinese, Japanese and Korean runs hold several words without spaces
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_ELLIPSIS_END = re.compile(r"(?:\.\.\.|…)[\"”’)\]]*$")
_NAME_END = re.compile(r"(?<=[a-z]{2})\.\s")
_META_SEPARATOR = re.compile(r"\s[·•|]\s|\s[-–—]\s")
_NAME = re.compile(r"(?:[A-Z][\w.’'\-]+)(?: [A-Z][\w.’'\-]+){0,3}")
_ONE_SENTENCE = re.compile(r"[.!?][\"”’)]*\s+[\"“‘(]?[A-Z]")
_TITLE_SEPARATOR = re.compile(r"\s*[|•·»]\s*|\s+[-–—:]\s+")
_NOT_PUBLISHERS = frozenset(
    {"us", "our", "independent", "quality", "local", "journalism", "this", "it", "me", "you"}
)

# weights: what a line adds to (or costs) the article run it sits in
_STOP_COST = 60.0
_WIDGET_COST = 30.0
_CHROME_COST = 8.0
_SHORT_COST = 2.0
_PROSE_MIN_WORDS = 4
# longer lines are never date lines, bylines or meta lines
_FURNITURE_CHARS = 120
_MIN_ANCHORED_WEIGHT = 30.0
_MAX_CAPTION_WORDS = 60
_TITLE_CASE_SHARE = 0.75
# leading capitalised words that make a prose line a headline run into its dek
_TEASER_CAPS = 6
_LEAD_IN_MIN_WORDS = 5
_MAX_SITE_WORDS = 5
_MIN_TEASERS = 2
_TEASER_MIN_WORDS = 4
_MIN_TITLE_WORDS = 5
_TYPICAL_TITLE_WORDS = 16
_MAX_TITLE_WORDS = 30
_TITLE_LOOKBACK = 15


class Kind(Enum):
    PROSE = "prose"  # a sentence or paragraph
    SHORT = "short"  # a headline, label or list item
    CHROME = "chrome"  # furniture dropped wherever it stands
    STOP = "stop"  # the end of the article, or the header of a block of links
    CAPTION = "caption"  # a photo caption with its credit


@dataclass(slots=True)
class Line:
    text: str
    words: int
    kind: Kind
    weight: float


@dataclass(slots=True)
class ChromeResult:
    """The article's paragraphs and what the page said about itself."""

    paragraphs: list[str]
    title: str | None = None
    publisher: str | None = None
    removed: list[str] = field(default_factory=list)
    head: list[str] = field(default_factory=list)  # lines above the article, in order
    tail: list[str] = field(default_factory=list)  # lines below it


def _is_caption(text: str, words: int, patterns: ChromePatterns) -> bool:
    if words > _MAX_CAPTION_WORDS or _SENTENCE_END.search(text):
        return False
    return any(p.search(text) for p in patterns.credit_tail)


def classify(text: str, patterns: ChromePatterns | None = None) -> Line:
    """Weigh one non-empty, stripped line."""
    patterns = patterns or chrome_patterns()
    words = count_words(text)
    if words == 0:
        # rules and ornaments: "___", "* * *", "Δ"
        return Line(text, words, Kind.CHROME, -_CHROME_COST)
    if patterns.stop.fullmatch(text):
        return Line(text, words, Kind.STOP, -_STOP_COST)
    if patterns.widget.fullmatch(text):
        return Line(text, words, Kind.STOP, -_WIDGET_COST)
    short = len(text) <= _FURNITURE_CHARS
    if patterns.drop.fullmatch(text) or (
        short
        and (
            is_date_line(text)
            or is_labelled_date(text)
            or _is_byline(text, patterns)
            or _is_meta_line(text, patterns)
        )
    ):
        return Line(text, words, Kind.CHROME, -(_CHROME_COST + words))
    if _is_caption(text, words, patterns):
        return Line(text, words, Kind.CAPTION, -(_CHROME_COST + words))
    if _ELLIPSIS_END.search(text) and words >= 8:
        # a teaser cut short with an ellipsis
        return Line(text, words, Kind.SHORT, -(_SHORT_COST + min(words, 12)))
    if _HEADLINE_END.search(text) and words <= _TYPICAL_TITLE_WORDS and _title_case(text):
        # "Will Troops Really Leave?" is a headline, not a sentence
        return Line(text, words, Kind.SHORT, -(_SHORT_COST + min(words, 12)))
    if (_SENTENCE_END.search(text) and words >= 2) or (
        text.endswith(":") and words >= _LEAD_IN_MIN_WORDS
    ):
        # a sentence, or a lead-in to a quotation or list ("The minister said:")
        return Line(text, words, Kind.PROSE, float(words - _PROSE_MIN_WORDS))
    if words >= 20 and _mostly_lowercase(text):
        # a paragraph without final punctuation (a cut-off or lower-cased text)
        return Line(text, words, Kind.PROSE, words / 2 - _PROSE_MIN_WORDS)
    return Line(text, words, Kind.SHORT, -(_SHORT_COST + min(words, 12)))


def _title_case(text: str) -> bool:
    """Most longer words capitalised, as in a Headline Written Like This."""
    long_words = [w for w in _WORD.findall(text) if len(w) > 3]
    upper = sum(1 for w in long_words if w[0].isupper())
    return len(long_words) >= 2 and upper >= _TITLE_CASE_SHARE * len(long_words)


def count_words(text: str) -> int:
    """Words in ``text``; a CJK character counts as half a word."""
    words = len(_WORD.findall(text))
    if text.isascii():
        return words
    return words + len(_CJK.findall(text)) // 2


def _is_byline(text: str, patterns: ChromePatterns) -> bool:
    return not _SENTENCE_END.search(text) and bool(patterns.byline.fullmatch(text))


def _is_meta_line(text: str, patterns: ChromePatterns) -> bool:
    """A line of furniture joined by separators: date · reading time · author."""
    parts = [p.strip() for p in _META_SEPARATOR.split(text) if p.strip()]
    if len(parts) < 2 or len(_WORD.findall(text)) > 20:
        return False
    furniture = [
        bool(patterns.drop.fullmatch(p) or is_date_line(p) or patterns.byline.fullmatch(p))
        for p in parts
    ]
    names = [bool(_NAME.fullmatch(p)) for p in parts]
    return any(furniture) and all(f or n for f, n in zip(furniture, names, strict=True))


def _mostly_lowercase(text: str) -> bool:
    tokens = _WORD.findall(text)
    lower = sum(1 for t in tokens if t[0].islower())
    return lower >= 0.5 * len(tokens)


def _headline_led(text: str) -> bool:
    """True for "Headline Words In Title Case Then A sentence." (a teaser on one line)."""
    tokens = _WORD.findall(text[:200])[:_TEASER_CAPS]
    return len(tokens) == _TEASER_CAPS and all(t[0].isupper() or t[0].isdigit() for t in tokens)


def _mark_link_items(lines: list[Line]) -> None:
    """Under a link-block header, one-line teasers (a title-case headline run into its dek)
    are links, not prose: they cost like headlines."""
    in_block = False
    for line in lines:
        if line.kind is Kind.STOP:
            in_block = True
        elif in_block and line.kind is Kind.PROSE:
            if not _headline_led(line.text):
                in_block = False
                continue
            line.kind = Kind.SHORT
            line.weight = -(_SHORT_COST + _TEASER_CAPS)


def _best_run(lines: list[Line]) -> tuple[int, int] | None:
    """The maximum-sum run ``[start, end)`` of line weights; None when nothing is positive."""
    best, best_span = 0.0, None
    total, start = 0.0, 0
    for i, line in enumerate(lines):
        if total <= 0:
            total, start = 0.0, i
        total += line.weight
        if total > best:
            best, best_span = total, (start, i + 1)
    return best_span


def _is_dek(line: Line) -> bool:
    return line.kind is Kind.PROSE and line.words <= 40 and not _ONE_SENTENCE.search(line.text)


def _trim_teasers(lines: list[Line], start: int, end: int) -> int:
    """Cut a tail of teasers (headline, one-sentence dek; twice or more) off the article."""
    i, pairs, cut = end, 0, end
    while i - 2 >= start:
        j = i
        while j > start and lines[j - 1].kind is Kind.CHROME:
            j -= 1  # a teaser's byline or date
        if j - 2 < start or not _is_dek(lines[j - 1]):
            break
        if not _title_like(lines[j - 2], _TEASER_MIN_WORDS, _MAX_TITLE_WORDS):
            break
        i, pairs = j - 2, pairs + 1
        if pairs >= _MIN_TEASERS:
            cut = i
    if cut == end:
        return end
    while cut > start and lines[cut - 1].kind is not Kind.PROSE:
        cut -= 1
    return cut


def _anchored_run(lines: list[Line], span: tuple[int, int] | None) -> tuple[int, int] | None:
    """When the page's first line (its HTML title) is repeated as the headline inside the
    best run, the article starts after it: what the run held above it was other stories."""
    if span is None:
        return None
    match = _page_title_match(lines, span[1])
    if match is None or not span[0] <= match[0] < span[1]:
        return span
    anchor = match[0] + 1
    tail = _best_run(lines[anchor:])
    if tail is None:
        return span
    weight = sum(ln.weight for ln in lines[anchor + tail[0] : anchor + tail[1]])
    if weight < _MIN_ANCHORED_WEIGHT:
        return span
    return anchor + tail[0], anchor + tail[1]


def _title_like(line: Line, min_words: int, max_words: int) -> bool:
    text = line.text
    return (
        line.kind is Kind.SHORT
        and min_words <= line.words <= max_words
        and not text.endswith((":", ",", ";"))
        and (text[0].isupper() or text[0].isdigit() or text[0] in "‘“\"'«")
    )


def _above_dek(lines: list[Line], i: int) -> int:
    """A sentence-case line right under a Title-Case headline is its deck: the headline is
    the line above."""
    if i == 0 or _title_case(lines[i].text):
        return i
    up = lines[i - 1]
    if _title_like(up, _MIN_TITLE_WORDS, _TYPICAL_TITLE_WORDS) and _title_case(up.text):
        return i - 1
    return i


def _page_title_match(lines: list[Line], end: int) -> tuple[int, str | None] | None:
    """The first later line repeating the page's first line (an HTML title rendered as
    text), and the site name the first line adds to it ("Headline - Site")."""
    first = lines[0].text if lines else ""
    for i in range(1, min(end, len(lines))):
        cand = lines[i].text
        if lines[i].kind is Kind.CAPTION or lines[i].words > _MAX_TITLE_WORDS or len(cand) < 10:
            continue
        if cand == first:
            return i, None
        if first.startswith(cand):
            m = _TITLE_SEPARATOR.match(first, len(cand))
            if m:
                return i, _site_name(first[m.end() :])
        elif first.endswith(cand):
            rest = first[: len(first) - len(cand)]
            m = _TITLE_SEPARATOR.search(rest)
            if m and m.end() == len(rest):
                return i, _site_name(rest[: m.start()])
    return None


def _site_name(text: str) -> str | None:
    text = text.strip()
    return text if text and len(text.split()) <= _MAX_SITE_WORDS else None


def _find_title(
    lines: list[Line], start: int, patterns: ChromePatterns
) -> tuple[int | None, str | None]:
    """The headline's index (the page-title repeat, else the nearest headline-like line above
    the article) and a site name from the page title."""
    match = _page_title_match(lines, start)
    if match and match[0] < start:
        return match
    above: list[int] = []
    for i in range(start - 1, max(start - _TITLE_LOOKBACK, 0) - 1, -1):
        if lines[i].kind is Kind.STOP:
            break
        if patterns.summary_label.fullmatch(lines[i].text):
            above.clear()  # the lines below "Key points:" were its list
            continue
        above.append(i)
    # a headline is a few words; shorter lines are labels and bylines, longer ones decks
    site = match[1] if match else None
    for low, high in ((_MIN_TITLE_WORDS, _TYPICAL_TITLE_WORDS), (2, _MAX_TITLE_WORDS)):
        for i in above:
            if _title_like(lines[i], low, high):
                return _above_dek(lines, i), site
    if match and match[0] == 0 and lines[0].kind is Kind.SHORT:
        return 0, None
    return None, match[1] if match else None


def _publisher_name(found: str, patterns: ChromePatterns) -> str | None:
    # "Service. All rights reserved" ends at the sentence; "U.S. News" does not
    words = _NAME_END.split(found, maxsplit=1)[0].strip(" .,;:!").split()
    while words and words[-1] in patterns.publisher_suffixes:
        words.pop()
    name = " ".join(words).strip(" .,;:!")
    if len(name) < 2 or name.split()[-1].lower() in _NOT_PUBLISHERS:
        return None
    return name


def _publisher(lines: list[Line], site: str | None, patterns: ChromePatterns) -> str | None:
    for pattern in patterns.publisher:
        for line in lines:
            if line.kind is Kind.PROSE and line.words > 25:
                continue
            m = pattern.search(line.text)
            if m and (name := _publisher_name(m.group("name"), patterns)):
                return name
    return site


def strip_chrome(text: str) -> ChromeResult:
    """Split a page's plain text into the article's paragraphs and its chrome."""
    patterns = chrome_patterns()
    # 1. weigh each line
    lines = [classify(t, patterns) for t in (s.strip() for s in text.split("\n")) if t]
    _mark_link_items(lines)
    if not lines:
        return ChromeResult(paragraphs=[])
    # 2. the heaviest run of lines, after the page's headline
    span = _anchored_run(lines, _best_run(lines))
    if span is None:
        # no prose run at all (a bare headline or list): keep everything but the furniture
        keep = [ln.text for ln in lines if ln.kind in (Kind.PROSE, Kind.SHORT)]
        return ChromeResult(
            paragraphs=keep,
            removed=[ln.text for ln in lines if ln.kind not in (Kind.PROSE, Kind.SHORT)],
            publisher=_publisher(lines, None, patterns),
        )
    # 3. minus the teasers and the author's bio that close it
    start, end = span
    end = _trim_teasers(lines, start, end)
    while end - start > 1 and patterns.bio.fullmatch(lines[end - 1].text):
        end -= 1  # the author's biography closing the article
    # 4. the article's lines, and what the page says about it
    title_at, site = _find_title(lines, start, patterns)
    paragraphs: list[str] = []
    removed: list[str] = []
    head: list[str] = []
    tail: list[str] = []
    seen: set[str] = set()
    in_box = False  # under a link-block header inside the article, until prose comes back
    for i, line in enumerate(lines):
        if start <= i < end:
            in_box = line.kind is Kind.STOP or (in_box and line.kind is not Kind.PROSE)
        inside = start <= i < end and line.kind in (Kind.PROSE, Kind.SHORT) and not in_box
        if inside and line.text not in seen:
            paragraphs.append(line.text)
            seen.add(line.text)
        else:
            (head if i < start else tail if i >= end else removed).append(line.text)
    removed = [*head, *removed, *tail]
    title = lines[title_at].text if title_at is not None else None
    if title and site and title.endswith(site):
        title = _TITLE_SEPARATOR.split(title)[0]
    return ChromeResult(
        paragraphs=paragraphs,
        title=title,
        publisher=_publisher(lines, site, patterns),
        removed=[r for r in removed if r != title],
        head=head,
        tail=tail,
    )
