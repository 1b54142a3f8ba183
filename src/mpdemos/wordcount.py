"""Workers for 11-mapreduce, the capstone (tests: tests/test_wordcount.py).

MapReduce counts words over a corpus every machine has: the ``.py`` files of
Python's own standard library. *Map* counts the words of one file; *shuffle*
sends each word to the reducer its partition names; *reduce* adds up the
counts of one partition. Each step is a plain function, so the same steps run
in a loop, on a ``Pool``, or on Dask.
"""

from __future__ import annotations

import re
import sysconfig
import zlib
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mpdemos.arguments import check_int

#: A word: letters and underscores, as identifiers and English words are made.
WORD = re.compile(r"[a-z_]+")


def corpus() -> list[Path]:
    """The standard library's top-level ``.py`` files, sorted: a corpus everyone has."""
    return sorted(Path(sysconfig.get_paths()["stdlib"]).glob("*.py"))


def count_words(path: Path) -> Counter[str]:
    """Map: the words of one file, counted (lower case)."""
    text = Path(path).read_text(encoding="utf-8", errors="replace").lower()
    return Counter(WORD.findall(text))


def partition(word: str, reducers: int) -> int:
    """Which of ``reducers`` reducers gets ``word``: the same in every process.

    ``hash(word)`` would not do: each interpreter salts its string hashes with
    a seed of its own (``PYTHONHASHSEED``), so two processes disagree. A
    checksum such as CRC-32 is the same everywhere.
    """
    return zlib.crc32(word.encode()) % reducers


def split(counts: Counter[str], reducers: int) -> list[Counter[str]]:
    """Shuffle, on the mapper's side: one ``Counter`` per reducer, by :func:`partition`."""
    check_int("reducers", reducers, minimum=1)
    parts: list[Counter[str]] = [Counter() for _ in range(reducers)]
    for word, n in counts.items():
        parts[partition(word, reducers)][word] = n
    return parts


def map_file(path: Path, reducers: int) -> list[Counter[str]]:
    """Map one file: count its words, and split the counts for the reducers."""
    return split(count_words(path), reducers)


def reduce_counts(parts: Iterable[Counter[str]]) -> Counter[str]:
    """Reduce: add several counts into one."""
    total: Counter[str] = Counter()
    for part in parts:
        total.update(part)
    return total


def word_pairs(path: Path) -> list[tuple[str, int]]:
    """Map the naive way: one ``(word, 1)`` pair per word of one file.

    Every pair is pickled and sent back to the parent: far more to send than
    the file's counts.
    """
    text = Path(path).read_text(encoding="utf-8", errors="replace").lower()
    return [(word, 1) for word in WORD.findall(text)]


def add_pairs(pairs: Iterable[tuple[str, int]]) -> Counter[str]:
    """Reduce pairs from :func:`word_pairs` into counts."""
    total: Counter[str] = Counter()
    for word, n in pairs:
        total[word] += n
    return total


def report_hashes(words: list[str], results: Any) -> None:
    """Put ``hash()`` and :func:`partition` of each word, as this process sees them."""
    results.put(([hash(w) for w in words], [partition(w, 4) for w in words]))
