"""mpdemos.wordcount: the capstone's map, shuffle and reduce agree with a plain loop."""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from pathlib import Path

import pytest

from mpdemos import wordcount


def test_corpus_is_the_standard_library() -> None:
    paths = wordcount.corpus()
    assert len(paths) > 100 and all(p.suffix == ".py" for p in paths)
    assert paths == sorted(paths)


def test_count_words_lowercases_and_splits_on_non_letters(tmp_path: Path) -> None:
    f = tmp_path / "a.py"
    f.write_text("Self.x = self_y  # The THE")
    assert wordcount.count_words(f) == Counter({"self": 1, "x": 1, "self_y": 1, "the": 2})


def test_split_then_reduce_gives_back_the_counts() -> None:
    counts = Counter({"a": 3, "b": 1, "c": 2, "dd": 5})
    parts = wordcount.split(counts, 3)
    assert len(parts) == 3
    assert all(wordcount.partition(w, 3) == i for i, p in enumerate(parts) for w in p)
    assert wordcount.reduce_counts(parts) == counts
    with pytest.raises(ValueError):
        wordcount.split(counts, 0)


def test_pool_pipeline_and_pairs_match_the_loop(ctx) -> None:
    paths = wordcount.corpus()[:8]
    serial = wordcount.reduce_counts(wordcount.count_words(p) for p in paths)
    with ctx.Pool(2) as pool:
        mapped = pool.map(functools.partial(wordcount.map_file, reducers=3), paths)
        reduced = pool.map(wordcount.reduce_counts, list(zip(*mapped)))
        pairs = pool.map(wordcount.word_pairs, paths)
    assert wordcount.reduce_counts(reduced) == serial
    assert wordcount.add_pairs(itertools.chain.from_iterable(pairs)) == serial


def test_partition_agrees_across_spawned_processes_where_hash_does_not() -> None:
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    words = ["alpha", "beta", "gamma", "delta"]
    jobs = [ctx.Process(target=wordcount.report_hashes, args=(words, results))
            for _ in range(2)]
    for p in jobs:
        p.start()
    (h1, p1), (h2, p2) = results.get(timeout=20), results.get(timeout=20)
    for p in jobs:
        p.join(timeout=20)
    assert p1 == p2
    if "PYTHONHASHSEED" not in __import__("os").environ:
        assert h1 != h2  # each interpreter salts str hashes with its own seed
