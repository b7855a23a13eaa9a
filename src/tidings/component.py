"""tidings as a spaCy component: ``nlp.add_pipe("tidings")`` after the parser and NER.

A face like the command line and the API: it sits above the orchestrator it drives
(registered with spaCy through the ``spacy_factories`` entry point in pyproject.toml).

The component codes the whole ``Doc`` and stores the :class:`DocumentResult` in
``doc._.tidings``. Set ``doc._.tidings_date`` (or the ``date`` config) so relative dates
resolve against the publication date.
"""

from __future__ import annotations

from datetime import date as Date

from spacy.language import Language
from spacy.tokens import Doc

from tidings.config import load_settings
from tidings.records import CleanDocument

# tidings.pipeline is imported when the component is made: spaCy imports this module (the
# entry point) whenever it looks up a factory, and every spacy.load() would pay for it


def _register_extensions() -> None:
    for name, default in (("tidings", None), ("tidings_date", None), ("tidings_id", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


class TidingsComponent:
    """Codes events, quotes, places and entities of a parsed ``Doc``."""

    def __init__(self, nlp: Language, name: str, date: str | None, threshold: float | None):
        overrides = {"events": {"threshold": threshold}} if threshold is not None else None
        self.name = name
        self.date = Date.fromisoformat(date) if date else None
        from tidings.pipeline import Pipeline

        self.pipeline = Pipeline(load_settings(overrides=overrides), nlp=nlp)

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.tidings_date or self.date
        if isinstance(published, str):
            published = Date.fromisoformat(published)
        clean = CleanDocument(id=doc._.tidings_id or "doc", text=doc.text, date=published)
        doc._.tidings = self.pipeline.code_doc(doc, clean)
        return doc


@Language.factory(
    "tidings",
    default_config={"date": None, "threshold": None},
    requires=["doc.sents", "doc.ents", "token.dep", "token.lemma"],
    assigns=["doc._.tidings"],
)
def make_tidings(
    nlp: Language, name: str, date: str | None, threshold: float | None
) -> TidingsComponent:
    _register_extensions()
    return TidingsComponent(nlp, name, date, threshold)
