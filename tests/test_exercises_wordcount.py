"""mpdemos.exercises.wordcount: the 11-mapreduce checks accept right answers, explain wrong ones."""

from __future__ import annotations

from mpdemos.exercises import save_module
from mpdemos.exercises import wordcount as checks

COMBINES = """
from collections import Counter
from mpdemos import wordcount

def count_files(paths):
    total = Counter()
    for path in paths:
        total.update(wordcount.count_words(path))
    return total
"""
PAIRS = """
from mpdemos import wordcount

def count_files(paths):
    return [pair for path in paths for pair in wordcount.word_pairs(path)]
"""
PER_FILE = """
from mpdemos import wordcount

def count_files(paths):
    return [wordcount.count_words(path) for path in paths]
"""
FIRST_ONLY = """
from mpdemos import wordcount

def count_files(paths):
    return wordcount.count_words(paths[0])
"""
STABLE = """
import zlib

def stable_partition(word, reducers):
    return zlib.crc32(word.encode()) % reducers
"""
SALTED = """
def stable_partition(word, reducers):
    return hash(word) % reducers
"""
ONE_PART = """
def stable_partition(word, reducers):
    return 0
"""


def verdict(source: str, name: str, check):
    module = save_module(f"mpdemos_test_wc_{abs(hash(source))}", source)
    return check(getattr(module, name))


def test_count_files_accepts_one_counter() -> None:
    assert verdict(COMBINES, "count_files", checks.check_count_files).passed


def test_count_files_explains_pairs_per_file_and_missing_files() -> None:
    pairs = verdict(PAIRS, "count_files", checks.check_count_files)
    per_file = verdict(PER_FILE, "count_files", checks.check_count_files)
    first = verdict(FIRST_ONLY, "count_files", checks.check_count_files)
    assert not pairs.passed and "Combine first" in pairs.message
    assert not per_file.passed and "one per file" in per_file.message
    assert not first.passed and "words missing" in first.message


def test_stable_partition_accepts_a_checksum() -> None:
    assert verdict(STABLE, "stable_partition", checks.check_stable_partition).passed


def test_stable_partition_explains_hash_and_a_single_part(monkeypatch) -> None:
    monkeypatch.delenv("PYTHONHASHSEED", raising=False)  # children inherit it
    salted = verdict(SALTED, "stable_partition", checks.check_stable_partition)
    one = verdict(ONE_PART, "stable_partition", checks.check_stable_partition)
    assert not salted.passed and "PYTHONHASHSEED" in salted.message
    assert not one.passed and "one reducer" in one.message
