"""Exact and near-duplicate documents: a hash for the same text, MinHash LSH for nearly so."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

_WORD = re.compile(r"\w+")
SHINGLE_WORDS = 5
NUM_PERM = 128


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _shingles(words: list[str]) -> set[bytes]:
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode("utf-8")}
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8")
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


@dataclass(frozen=True, slots=True)
class Signature:
    """What the check keeps of a text: the hash of its words (``key``), their MinHash, and
    whether the text was long enough to be shingled (shorter ones are matched exactly only).
    :meth:`to_bytes` and :meth:`from_bytes` carry it between processes (533 bytes)."""

    key: str
    minhash: MinHash
    shingled: bool

    def to_bytes(self) -> bytes:
        values = np.asarray(self.minhash.hashvalues, dtype=np.uint32)
        return bytes([self.shingled]) + bytes.fromhex(self.key) + values.tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        """The signature :meth:`to_bytes` wrote; ValueError for anything else."""
        perms, rest = divmod(len(data) - 21, 4)
        if perms < 1 or rest or data[0] > 1:
            raise ValueError(f"not a duplicate signature ({len(data)} bytes)")
        values = np.frombuffer(data[21:], dtype=np.uint32)
        minhash = MinHash(num_perm=perms, hashvalues=values, scheme=_SCHEME)
        return cls(data[1:21].hex(), minhash, bool(data[0]))


_SCHEME = MinHash(num_perm=1).scheme  # how this datasketch hashes (what signatures carry)


class Deduplicator:
    """Remembers documents and says which earlier one a new document duplicates.

    Exact duplicates (same words, ignoring case, spacing and punctuation) are found by hash;
    near duplicates by MinHash LSH over word 5-shingles at Jaccard ``threshold``.
    """

    def __init__(self, threshold: float = 0.85, *, num_perm: int = NUM_PERM) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self._num_perm = num_perm
        self._exact: dict[str, str] = {}
        # favour recall in the LSH bands: every candidate is verified by its estimated Jaccard
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=(0.1, 0.9))
        self._hashes: dict[str, MinHash] = {}

    def __len__(self) -> int:
        return len(self._exact)

    def _minhash(self, words: list[str]) -> MinHash:
        m = MinHash(num_perm=self._num_perm)
        m.update_batch(list(_shingles(words)))
        return m

    def signature(self, text: str) -> Signature:
        """What :meth:`check_signature` compares of ``text``."""
        words = _words(text)
        key = hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()
        return Signature(key, self._minhash(words), len(words) >= SHINGLE_WORDS)

    def check(self, doc_id: str, text: str) -> str | None:
        """The id of an earlier document that ``text`` duplicates; else remember it, None."""
        return self.check_signature(doc_id, self.signature(text))

    def check_signature(self, doc_id: str, signature: Signature) -> str | None:
        """:meth:`check` of a text's signature (computed here or in another process)."""
        key, mh = signature.key, signature.minhash
        if key in self._exact:
            return self._exact[key]
        if signature.shingled:
            candidates = [
                (mh.jaccard(self._hashes[c]), c) for c in self._lsh.query(mh) if c in self._hashes
            ]
            best = max(candidates, default=None)
            if best is not None and best[0] >= self.threshold:
                return str(best[1])
        self._exact[key] = doc_id
        if doc_id not in self._hashes:
            self._hashes[doc_id] = mh
            self._lsh.insert(doc_id, mh)
        return None
