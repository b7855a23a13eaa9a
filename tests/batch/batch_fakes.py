"""A stand-in pipeline for the pool's crash and retry mechanics (a real one cannot be made to
crash on cue). Importable by spawned workers: pytest puts this directory on ``sys.path``."""

from __future__ import annotations

import gc
import hashlib
import os
import time
from collections.abc import Iterable, Iterator

from tidings.config import Settings
from tidings.records import (
    ActorProfile,
    DocumentError,
    DocumentResult,
    Event,
    EventSource,
    RawDocument,
    TextInfo,
)

CODED_LOG = "TIDINGS_FAKE_CODED_LOG"


class Registry:
    def __init__(self) -> None:
        self._by_name: dict[str, ActorProfile] = {}
        # the API turns learning off for requests without a key, as on the real resolver
        self.learning = True

    def profiles(self) -> list[ActorProfile]:
        return list(self._by_name.values())

    def add_profiles(self, profiles: list[ActorProfile]) -> None:
        self._by_name.update((p.name, p) for p in profiles)


class FakePipeline:
    """Codes each word of a text as a PROTEST event; 'BOOM' raises, 'KILLME' kills the process,
    'SLOW' sleeps a minute.

    The first word becomes a learned actor profile; a document's title is the worker's
    young-generation collection threshold. When $TIDINGS_FAKE_CODED_LOG names a file, each
    coded document id is appended to it (to see what was parsed)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.actors = Registry()

    def run(self, raw: RawDocument) -> DocumentResult:
        return next(self.run_many([raw]))

    def run_many(self, raws: Iterable[RawDocument]) -> Iterator[DocumentResult]:
        for raw in raws:
            text = raw.text or ""
            if "KILLME" in text:
                os._exit(3)
            if "SLOW" in text:
                time.sleep(60)
            if "BOOM" in text:
                raise RuntimeError("the fake pipeline exploded")
            log_path = os.environ.get(CODED_LOG)
            if log_path:
                with open(log_path, "a", encoding="utf-8") as f:
                    f.write(raw.id + "\n")
            if text.startswith("Hola"):
                err = DocumentError(code="E120", stage="clean", message="language 'es' skipped")
                yield DocumentResult(id=raw.id, text=text, language="es", errors=[err])
                continue
            words = text.split()
            if not words:  # the real pipeline's answer to a page with no text left
                err = DocumentError(code="E101", stage="clean", message="no text to code")
                yield DocumentResult(id=raw.id, errors=[err])
                continue
            self.actors.add_profiles([ActorProfile(name=words[0], doc_ids=[raw.id])])
            yield DocumentResult(
                id=raw.id,
                text=text,
                title=str(gc.get_threshold()[0]),
                date=raw.date,
                events=[
                    Event(
                        id=hashlib.sha1(f"{raw.id}|{i}".encode()).hexdigest()[:16],
                        event=["PROTEST"],
                        quad_code=3,
                        event_text=[w],
                        text_info=TextInfo(sequence=i, start=0, end=len(w)),
                        source=EventSource(doc_id=raw.id),
                    )
                    for i, w in enumerate(words)
                ],
            )


def factory(settings: Settings) -> FakePipeline:
    return FakePipeline(settings)


def registry(settings: Settings) -> Registry:
    del settings
    return Registry()
