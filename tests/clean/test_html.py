"""HTML pages through trafilatura, and fragments it finds no article in."""

from __future__ import annotations

from datetime import date

from tidings.clean import clean_document
from tidings.config import load_settings
from tidings.records import RawDocument

PARAS = [
    "Security forces opened fire on protesters in the northern city on Friday, killing at "
    "least twelve people, witnesses said.",
    "The government said the troops had come under attack and blamed armed groups for the "
    "violence, which followed weeks of demonstrations over fuel prices.",
    "Hospital staff said dozens of wounded people had been brought in overnight, many of "
    "them with gunshot wounds to the legs and chest.",
]
PAGE = f"""<!doctype html><html><head><title>Troops fire on protesters - Daily Ledger</title>
<meta property="og:title" content="Troops fire on protesters">
<meta property="og:site_name" content="Daily Ledger">
<meta property="article:published_time" content="2024-03-08T09:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Troops fire on protesters</h1>{"".join(f"<p>{p}</p>" for p in PARAS)}</article>
<footer><p>Sign up for our newsletter.</p><p>© 2024 Daily Ledger</p></footer></body></html>"""


def test_html_main_text_and_metadata() -> None:
    doc = clean_document(RawDocument(id="h", html=PAGE), load_settings())
    assert doc.text.split("\n\n") == PARAS
    assert doc.title == "Troops fire on protesters"
    assert doc.publisher == "Daily Ledger"
    assert doc.date == date(2024, 3, 8)


def test_html_fragment_falls_back_to_tag_text() -> None:
    raw = RawDocument(id="f", html="<p>Dock workers <b>ended</b> their strike.</p>")
    assert clean_document(raw, load_settings()).text == "Dock workers ended their strike."


def test_html_markup_in_text_field_is_cleaned_as_html() -> None:
    doc = clean_document(RawDocument(id="t", text=PAGE), load_settings())
    assert doc.text.split("\n\n") == PARAS and doc.title == "Troops fire on protesters"
