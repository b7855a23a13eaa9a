"""The orchestrator: one raw document in, one :class:`DocumentResult` out.

Stages, in order:

1. clean    – chrome removal, encoding repair, language (``tidings.clean``)
2. nlp      – spaCy sentences, entities, parses (``tidings.nlp``)
3. extract  – events, quotes, toponyms as unresolved mentions (``tidings.extract``)
4. resolve  – actors, places, dates (``tidings.resolve``)
5. assemble – typed records with ids, offsets and sources

A stage that fails on a document records a :class:`DocumentError` and the rest goes on.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import date as Date
from functools import partial
from typing import Any, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from tidings.clean import clean_document
from tidings.config import Settings, load_settings
from tidings.extract.events import CustomTypes, extract_events, load_custom_types
from tidings.extract.events.incident_types import type_incidents
from tidings.extract.events.incidents import merge_incidents
from tidings.extract.quotes import extract_quotes
from tidings.extract.toponyms import find_toponyms
from tidings.extract.types import EventMention, Mention, QuoteMention
from tidings.nlp import load_model, segment
from tidings.ontology import quad_code
from tidings.records import (
    AcledType,
    CleanDocument,
    DocumentError,
    DocumentResult,
    Entity,
    EntityMention,
    Event,
    EventSource,
    EventSpans,
    Place,
    Quote,
    RawDocument,
    TextInfo,
    TextSpan,
)
from tidings.resolve.actors import ActorResolver, DocumentActors
from tidings.resolve.places import event_place, location, publisher_home, resolve_places
from tidings.resolve.time import date_event

log = logging.getLogger(__name__)

T = TypeVar("T")


def _guard(stage: str, errors: list[DocumentError], fallback: T, fn: Callable[[], T]) -> T:
    """Run one stage; on failure record why and return ``fallback`` so the document goes on."""
    try:
        return fn()
    except Exception as e:  # one stage's bug must not lose the rest of the document
        log.exception("stage %s failed", stage)
        errors.append(DocumentError(code="E900", stage=stage, message=f"{type(e).__name__}: {e}"))
        return fallback


def _result(clean: CleanDocument, **parts: Any) -> DocumentResult:
    """A document's result: its clean text and metadata, plus what the stages found."""
    return DocumentResult(**clean.meta(), language=clean.language, text=clean.text, **parts)


def _trimmed(m: Mention) -> Mention:
    """The mention without the whitespace (paragraph breaks) at its edges."""
    lead = len(m.text) - len(m.text.lstrip())
    text = m.text.strip()
    return Mention(text=text, start=m.start + lead, end=m.start + lead + len(text))


def _span(m: Mention) -> TextSpan:
    trimmed = _trimmed(m)
    return TextSpan(start=trimmed.start, end=trimmed.end)


def _link_quotes(events: list[EventMention], quotes: list[QuoteMention]) -> None:
    """Tie a verbal event to the quote made with the same speech act (same cue, same sentence)."""
    for em in events:
        if em.quote_index is not None:
            continue
        for i, q in enumerate(quotes):
            cue = q.cue
            if cue is None:
                continue
            same_cue = (
                cue.start <= em.trigger.start < cue.end
                or em.trigger.start <= cue.start < em.trigger.end
            )
            in_sentence = em.sentence.start <= cue.start < em.sentence.end
            content_in_sentence = em.sentence.start <= q.content.start < em.sentence.end
            if same_cue or (
                in_sentence and content_in_sentence and quad_code(em.event_type) in (1, 3)
            ):
                em.quote_index = i
                break


def _event_id(doc_id: str, em: EventMention) -> str:
    key = f"{doc_id}|{em.sentence_index}|{em.trigger.start}|{em.event_type}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _quote_id(doc_id: str, qm: QuoteMention) -> str:
    key = f"{doc_id}|q|{qm.content.start}|{qm.content.end}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


class Pipeline:
    """A configured pipeline; build once per process and call :meth:`run` per document."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        nlp: Language | None = None,
        actor_resolver: ActorResolver | None = None,
    ) -> None:
        self.settings = settings or load_settings()
        self._nlp = nlp
        self.actors = actor_resolver or ActorResolver.from_settings(self.settings)
        paths = self.settings.events.custom_types
        # user-defined event types train once, here, so a bad file fails before any document
        self.custom: CustomTypes | None = load_custom_types(paths) if paths else None

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_model(self.settings.nlp.model)
        return self._nlp

    def run(self, raw: RawDocument) -> DocumentResult:
        """Code one document."""
        return next(iter(self.run_many([raw])))

    def run_many(self, raws: Iterable[RawDocument]) -> Iterator[DocumentResult]:
        """Code documents in order, parsing them in spaCy batches."""
        cleaned = (self._clean(raw) for raw in raws)
        batch: list[tuple[CleanDocument, list[DocumentError]]] = []
        for item in cleaned:
            batch.append(item)
            if len(batch) >= self.settings.nlp.batch_size:
                yield from self._code_batch(batch)
                batch = []
        if batch:
            yield from self._code_batch(batch)

    # 1. clean
    def _clean(self, raw: RawDocument) -> tuple[CleanDocument, list[DocumentError]]:
        errors = [DocumentError(code="E100", stage="ingest", message=m) for m in raw.errors]
        fallback = CleanDocument(**raw.meta(), text=raw.text or "")
        clean = _guard("clean", errors, fallback, lambda: clean_document(raw, self.settings))
        errors.extend(DocumentError(code="E110", stage="clean", message=m) for m in clean.errors)
        return clean, errors

    def _code_batch(
        self, batch: list[tuple[CleanDocument, list[DocumentError]]]
    ) -> Iterator[DocumentResult]:
        codable = [c for c, _ in batch if c.text.strip() and c.language in self._languages()]
        # 2. nlp
        docs = self._parse(codable)
        for clean, errors in batch:
            doc = docs.get(id(clean))
            if isinstance(doc, Exception):
                errors.append(DocumentError(code="E300", stage="nlp", message=repr(doc)))
            if not isinstance(doc, Doc):
                yield self._empty_result(clean, errors)
                continue
            try:
                yield self.code_doc(doc, clean, errors)
            except Exception as e:  # a bug outside the guarded stages: lose this one document only
                log.exception("coding %s failed", clean.id)
                errors.append(DocumentError(code="E900", stage="pipeline", message=repr(e)))
                yield self._empty_result(clean, errors)

    def _parse(self, cleans: list[CleanDocument]) -> dict[int, Doc | Exception]:
        """spaCy docs by ``id(clean)``; if a batch fails, parse one by one to find the culprit."""
        nlp = self.nlp  # a model that cannot load is the run's error, not a document's
        try:
            parsed = segment.parse(nlp, (c.text for c in cleans))  # bounded spaCy calls
            return {id(c): d for c, d in zip(cleans, parsed, strict=True)}
        except Exception:
            log.exception("a spaCy batch failed; parsing its documents one by one")
        docs: dict[int, Doc | Exception] = {}
        for c in cleans:
            try:
                docs[id(c)] = segment.parse_one(nlp, c.text)
            except Exception as e:
                log.exception("spaCy failed on %s", c.id)
                docs[id(c)] = e
        return docs

    def _languages(self) -> set[str | None]:
        return set(self.settings.clean.languages)

    def _empty_result(self, clean: CleanDocument, errors: list[DocumentError]) -> DocumentResult:
        if not clean.text.strip() and not errors:
            errors.append(DocumentError(code="E101", stage="clean", message="no text to code"))
        elif clean.language not in self._languages():
            errors.append(
                DocumentError(
                    code="E120",
                    stage="clean",
                    message=f"language {clean.language!r} is not coded; skipped",
                )
            )
        return _result(clean, errors=errors)

    def code_doc(
        self, doc: Doc, clean: CleanDocument, errors: list[DocumentError] | None = None
    ) -> DocumentResult:
        """Stages 3–5 on an already parsed ``doc`` of ``clean.text``."""
        errs: list[DocumentError] = list(errors or [])
        # 3. extract
        threshold = self.settings.events.threshold
        mentions: list[EventMention] = _guard(
            "events",
            errs,
            [],
            lambda: extract_events(doc, custom=self.custom, published=clean.date),
        )
        found = [e for e in mentions if e.confidence >= threshold]
        quote_mentions: list[QuoteMention] = _guard("quotes", errs, [], lambda: extract_quotes(doc))
        toponyms: list[Mention] = _guard("toponyms", errs, [], lambda: find_toponyms(doc))
        _guard("quotes", errs, None, partial(_link_quotes, found, quote_mentions))
        # 4. resolve
        actors = self.actors.for_document(doc, doc_id=clean.id, published=clean.date)
        home = publisher_home(clean.publisher, clean.url)
        places: list[Place] = _guard(
            "places", errs, [], lambda: resolve_places(doc, toponyms, home)
        )
        quotes: list[Quote] = _guard(
            "quotes", errs, [], lambda: [self._quote(clean, q, actors) for q in quote_mentions]
        )
        events: list[Event] = []
        for em in found:
            event = _guard(
                "event", errs, None, partial(self._event, doc, clean, em, actors, places, quotes)
            )
            if event is not None:
                events.append(event)
        # one incident, one event: a happening reported over several sentences is merged
        merged: dict[str, str] = {}
        if self.settings.events.merge_incidents:
            no_merge: tuple[list[Event], dict[str, str]] = (events, {})
            spans = [(s.start_char, s.end_char) for s in doc.sents]
            merge = partial(merge_incidents, events, clean.date, len(spans))
            events, merged = _guard("events", errs, no_merge, merge)
            _guard("events", errs, None, partial(type_incidents, events, clean.text, spans))
        for q in quotes:
            q.event_ids = list(dict.fromkeys(merged.get(i, i) for i in q.event_ids))
        entities: list[EntityMention] = _guard("entities", errs, [], actors.entities)
        self.actors.learn(actors)
        # 5. assemble
        return _result(
            clean, events=events, quotes=quotes, places=places, entities=entities, errors=errs
        )

    def _resolve_all(
        self, actors: DocumentActors, mentions: list[Mention]
    ) -> tuple[list[Entity], list[TextSpan | None]]:
        """The entities the mentions name, and the offsets each was read from."""
        entities: list[Entity] = []
        spans: list[TextSpan | None] = []
        for m in mentions:
            # one phrase can name several actors ("Russian and Belarusian troops")
            found = actors.resolve_all(m)
            entities += found
            spans += [_span(m)] * len(found)
        return entities, spans

    def _event(
        self,
        doc: Doc,
        clean: CleanDocument,
        em: EventMention,
        actors: DocumentActors,
        places: list[Place],
        quotes: list[Quote],
    ) -> Event:
        when = date_event(doc, em, clean.date)
        sentence = _trimmed(em.sentence)
        actor, actor_spans = self._resolve_all(actors, em.actors)
        recipient, recipient_spans = self._resolve_all(actors, em.recipients)
        place = event_place(doc, em, places)
        spans = EventSpans(
            trigger=_span(em.trigger),
            actor=actor_spans,
            recipient=recipient_spans,
            place=TextSpan(start=place[0].start, end=place[0].end) if place else None,
            time=TextSpan(start=when.span[0], end=when.span[1]) if when.span else None,
        )
        eid = _event_id(clean.id, em)
        quote_id = None
        if em.quote_index is not None and 0 <= em.quote_index < len(quotes):
            quote_id = quotes[em.quote_index].id
            quotes[em.quote_index].event_ids.append(eid)
        return Event(
            id=eid,
            date=when.date,
            date_precision=when.precision,
            enddate=when.enddate,
            event=[em.event_type],
            mode=em.mode,
            context=em.context,
            quad_code=quad_code(em.event_type),
            actor=actor,
            recipient=recipient,
            event_loc=location(*place) if place else None,
            event_text=[sentence.text],
            text_info=TextInfo(sequence=em.sentence_index, start=sentence.start, end=sentence.end),
            size=em.size,
            modality=em.modality,
            cameo=em.cameo,
            acled=AcledType(event_type=em.acled[0], sub_event_type=em.acled[1])
            if em.acled
            else None,
            confidence=round(em.confidence, 3),
            source=EventSource(doc_id=clean.id, publisher=clean.publisher),
            trigger=em.trigger.text,
            explanation=em.explanation,
            quote_id=quote_id,
            spans=spans,
        )

    def _quote(self, clean: CleanDocument, qm: QuoteMention, actors: DocumentActors) -> Quote:
        return Quote(
            id=_quote_id(clean.id, qm),
            speaker=actors.resolve(qm.speaker) if qm.speaker else None,
            cue=qm.cue.text if qm.cue else None,
            content=qm.content.text,
            start=qm.content.start,
            end=qm.content.end,
            kind=qm.kind,
            source=qm.source.text if qm.source else None,
        )


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    """The process-wide pipeline with shipped settings, built on first use."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    return _DEFAULT


def code(text: str, date: Date | None = None, *, doc_id: str = "doc") -> DocumentResult:
    """Code one text (plain text, optionally with chrome) published on ``date``."""
    return default_pipeline().run(RawDocument(id=doc_id, text=text, date=date))
