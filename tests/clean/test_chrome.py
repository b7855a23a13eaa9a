"""Chrome removal on the seed page and on the seed's article wrapped in other sites' chrome."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tidings.clean import clean_document, strip_chrome
from tidings.clean.chrome import Kind, classify
from tidings.clean.encoding import normalise_whitespace
from tidings.config import Settings, load_settings
from tidings.ingest import read_paths
from tidings.records import RawDocument

PAGES = Path(__file__).parent / "chrome_pages"
SEED_TITLE = "Russia-Led Military Bloc Will Not Allow ‘Color Revolutions’ – Putin"


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def seed_raw(seed_file: Path) -> RawDocument:
    return next(read_paths([str(seed_file)]))


@pytest.fixture(scope="module")
def article(seed_raw: RawDocument) -> list[str]:
    """The seed's article paragraphs, cut by hand-picked first and last lines (test only)."""
    text = normalise_whitespace(seed_raw.text or "")
    lines = [ln for ln in text.split("\n") if ln]
    first = next(i for i, ln in enumerate(lines) if ln.startswith("A Moscow-led"))
    last = next(i for i, ln in enumerate(lines) if ln.endswith("security services."))
    return lines[first : last + 1]


def test_chrome_seed_page(seed_raw: RawDocument, article: list[str], settings: Settings) -> None:
    doc = clean_document(seed_raw, settings)
    assert doc.date == date(2022, 1, 10)
    assert doc.title == SEED_TITLE
    assert doc.publisher == "The Moscow Times"
    assert doc.language == "en"
    assert doc.text.split("\n\n") == article
    assert SEED_TITLE not in doc.text


def _page(template: str, article: list[str], blank_lines: bool) -> str:
    fields = {f"P{i + 1}": p for i, p in enumerate(article)}
    used = {int(k[1:]) for k in fields if "{" + k + "}" in template}
    rest = [p for i, p in enumerate(article, start=1) if i > max(used)]
    sep = "\n\n" if blank_lines else "\n"
    text = template.replace("{REST}", sep.join(rest))
    for key, value in fields.items():
        text = text.replace("{" + key + "}", value)
    return text.replace("\n", sep) if blank_lines else text


@pytest.mark.parametrize("blank_lines", [False, True], ids=["single", "blank"])
@pytest.mark.parametrize(
    ("page", "title", "publisher", "published"),
    [
        (
            "guardian_style.txt",
            "Russia-led military bloc will not allow ‘colour revolutions’, says Putin",
            "Guardian News & Media",
            date(2022, 1, 10),
        ),
        ("bbc_style.txt", SEED_TITLE, "Northern News Service", date(2022, 1, 10)),
        ("wordpress_style.txt", SEED_TITLE, "World Herald", date(2022, 1, 10)),
        ("local_news_style.txt", SEED_TITLE, "The Associated Press", date(2022, 1, 10)),
        ("blog_comments_style.txt", SEED_TITLE, "The Eurasia Desk", date(2022, 1, 10)),
        (
            "magazine_style.txt",
            "Will Moscow’s Troops Really Leave Kazakhstan?",
            "The Steppe Review",
            date(2022, 1, 10),
        ),
        ("tv_station_style.txt", SEED_TITLE, "Associated Press", date(2022, 1, 10)),
        ("key_points_style.txt", SEED_TITLE, None, date(2022, 1, 10)),
        ("usa_daily_style.txt", SEED_TITLE, "The Daily Courier", date(2022, 1, 10)),
        ("tabloid_style.txt", SEED_TITLE, None, date(2022, 1, 10)),
        # numeric dates are ambiguous (day or month first): no date rather than a wrong one
        ("teasers_no_marker_style.txt", SEED_TITLE, "Steppe Observer Media", None),
    ],
)
def test_chrome_other_sites_keep_the_article_only(
    page: str,
    title: str,
    publisher: str | None,
    published: date | None,
    blank_lines: bool,
    article: list[str],
    settings: Settings,
) -> None:
    text = _page((PAGES / page).read_text(encoding="utf-8"), article, blank_lines)
    doc = clean_document(RawDocument(id=page, text=text), settings)
    assert doc.text.split("\n\n") == article
    assert doc.title == title
    assert doc.publisher == publisher
    assert doc.date == published


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Support The Daily Ledger!", Kind.CHROME),
        ("Read more", Kind.STOP),
        ("Read more about: Elections , Kenya", Kind.CHROME),
        ("We use cookies to improve your experience on our site.", Kind.CHROME),
        ("Share on Facebook", Kind.CHROME),
        ("Reuters contributed reporting.", Kind.CHROME),
        ("opinion Ada Lovelace", Kind.CHROME),
        ("By Maria Gonzalez and Tom Baker", Kind.CHROME),
        ("Published: March 3, 2021", Kind.CHROME),
        ("Protesters in Nairobi on Tuesday. Simon Maina / AFP", Kind.CAPTION),
        ("Police detained 12 people after the march, officials said.", Kind.PROSE),
        ("By Tuesday, the army had retaken the town.", Kind.PROSE),
        ("Protests Erupt Across Kenya Over Tax Bill", Kind.SHORT),
        ("The foreign minister, speaking in Geneva, told reporters:", Kind.PROSE),
        ("Related articles", Kind.STOP),
        ("* * *", Kind.CHROME),
        ("Will Moscow’s Troops Really Leave Kazakhstan?", Kind.SHORT),
        ("Will the troops really leave?", Kind.PROSE),
        ("Our Standards: The Trust Principles.", Kind.CHROME),
        ("Leave a Reply", Kind.STOP),
        ("January 10, 2022 · 4 min read · Jane Whitfield", Kind.CHROME),
        ("Jane Whitfield covers Asia. Follow her on Twitter @jw.", Kind.CHROME),
        # a paragraph that happens to end in a photo credit is still a paragraph
        (
            " ".join(["Officers said the man was shot twice in the chest."] * 7)
            + " (AP Photo/Police Department)",
            Kind.PROSE,
        ),
    ],
)
def test_chrome_classify_lines(line: str, kind: Kind) -> None:
    assert classify(line).kind is kind


def test_chrome_short_text_is_kept_whole() -> None:
    for text in ("Troops killed 2 rebels", "Police arrested 12 protesters in Nairobi."):
        assert strip_chrome(text).paragraphs == [text]


def test_chrome_repairs_mojibake_and_keeps_paragraphs(settings: Settings) -> None:
    raw = RawDocument(
        id="m",
        text="This story is from March 10, 2002\n\nnew delhi: the vhp called the "
        "\u00e2\u20ac\u02dcpuja\u00e2\u20ac\u2122 symbolic.   police said\u00a0two men were "
        "held.\n\n\n\nthe talks will go on.",
    )
    doc = clean_document(raw, settings)
    assert doc.text == (
        "new delhi: the vhp called the ‘puja’ symbolic. police said two men were held."
        "\n\nthe talks will go on."
    )
    assert doc.date == date(2002, 3, 10)


def test_chrome_off_keeps_everything() -> None:
    settings = load_settings(overrides={"clean": {"remove_chrome": False}})
    raw = RawDocument(id="x", text="Share on Facebook\n\nRebels attacked a village.")
    assert clean_document(raw, settings).text == "Share on Facebook\n\nRebels attacked a village."
