"""Checks for the exercises of 11-mapreduce (tests: tests/test_exercises_wordcount.py).

Exercise 1 is a mapper for a chunk of files that combines before it sends:
one ``Counter`` back, not a pair per word. Exercise 2 is a partition
function that every process computes alike, which ``hash()`` is not.
"""

from __future__ import annotations

import multiprocessing
import queue
from collections import Counter
from collections.abc import Callable
from typing import Any

from mpdemos import wordcount
from mpdemos.exercises.harness import (
    PROCESS_TIMEOUT,
    Verdict,
    finish,
    report,
    worker_problem,
)

#: Exercise 1: the files of one chunk (the first of the corpus).
CHUNK = 6
#: Exercise 2: the words both children partition, and into how many parts.
WORDS = ["self", "the", "multiprocessing", "pickle", "fork", "spawn", "queue"]
REDUCERS = 4


def run_in_spawn_children(target: Callable[..., Any], args: tuple[Any, ...],
                          children: int) -> tuple[list[Any], list[int | None]]:
    """Run ``target(*args, results)`` in ``children`` spawn children; collect one answer each."""
    ctx = multiprocessing.get_context("spawn")
    results = ctx.Queue()
    jobs = [ctx.Process(target=target, args=(*args, results)) for _ in range(children)]
    for p in jobs:
        p.start()
    answers: list[Any] = []
    try:
        for _ in jobs:
            answers.append(results.get(timeout=PROCESS_TIMEOUT))
    except queue.Empty:
        pass
    return answers, finish(jobs)


def put_chunk_counts(worker: Callable[..., Any], paths: list[Any], results: Any) -> None:
    """Child side of exercise 1: run the mapper on a chunk, send back what it returns."""
    try:
        results.put(("ok", worker(paths)))
    except Exception as exc:  # noqa: BLE001 - the check explains it
        results.put(("error", f"{type(exc).__name__}: {exc}"))


def check_count_files(worker: Callable[..., Any]) -> Verdict:
    """Exercise 1: ``worker(paths)`` returns one ``Counter`` of the words of all files.

    It runs in a spawn child on the first :data:`CHUNK` files of the corpus;
    the answer must equal the loop's count of the same files.
    """
    problem = worker_problem(worker)
    if problem:
        return report(problem)
    paths = wordcount.corpus()[:CHUNK]
    expected = wordcount.reduce_counts(wordcount.count_words(p) for p in paths)
    answers, codes = run_in_spawn_children(put_chunk_counts, (worker, paths), 1)
    if not answers:
        return report(Verdict(False, f"your mapper sent nothing within "
                              f"{PROCESS_TIMEOUT:g} s (exit code {codes[0]})."))
    kind, got = answers[0]
    if kind == "error":
        return report(Verdict(False, f"your mapper raised {got}."))
    if isinstance(got, list) and got and isinstance(got[0], tuple):
        return report(Verdict(False, f"your mapper returned {len(got):,} (word, n) "
                              "pairs: every one is pickled and sent back. Combine "
                              "first: add them up in a Counter and return that one "
                              "object."))
    if isinstance(got, list) and all(isinstance(c, Counter) for c in got):
        return report(Verdict(False, f"your mapper returned {len(got)} Counters, one per "
                              "file: add them into one before sending it back "
                              "(`total.update(...)`)."))
    if not isinstance(got, Counter):
        return report(Verdict(False, f"return one Counter, not {type(got).__name__}."))
    if got != expected:
        missing = sum((expected - got).values())
        extra = sum((got - expected).values())
        return report(Verdict(False, f"your counts are off: {missing:,} words missing and "
                              f"{extra:,} too many. Count every file of the chunk with "
                              "wordcount.count_words, and add them all."))
    return report(Verdict(True, f"the words of {len(paths)} files, counted in the "
                          "child and sent back as one Counter."))


def put_partitions(worker: Callable[..., Any], words: list[str], reducers: int,
                   results: Any) -> None:
    """Child side of exercise 2: partition each word as this process sees it."""
    try:
        results.put(("ok", [worker(w, reducers) for w in words]))
    except Exception as exc:  # noqa: BLE001 - the check explains it
        results.put(("error", f"{type(exc).__name__}: {exc}"))


def check_stable_partition(worker: Callable[..., Any]) -> Verdict:
    """Exercise 2: ``worker(word, reducers)`` gives the same part in every process.

    Two spawn children partition the same words; their answers must agree,
    lie in ``range(reducers)``, and use more than one part.
    """
    problem = worker_problem(worker)
    if problem:
        return report(problem)
    answers, codes = run_in_spawn_children(put_partitions, (worker, WORDS, REDUCERS), 2)
    if len(answers) < 2:
        return report(Verdict(False, f"a child sent nothing within {PROCESS_TIMEOUT:g} s "
                              f"(exit codes {codes})."))
    errors = [got for kind, got in answers if kind == "error"]
    if errors:
        return report(Verdict(False, f"your function raised {errors[0]}."))
    first, second = (got for _, got in answers)
    if any(not isinstance(n, int) or isinstance(n, bool) or not 0 <= n < REDUCERS
           for n in first + second):
        return report(Verdict(False, f"every answer must be an int in range({REDUCERS}); "
                              f"got {first}."))
    if first != second:
        return report(Verdict(False, f"two processes put the same words in different "
                              f"parts ({first} and {second}). hash() of a str changes "
                              "from process to process: each interpreter picks its own "
                              "seed (PYTHONHASHSEED). Use a checksum of the word's "
                              "bytes, such as zlib.crc32(word.encode())."))
    if len(set(first)) == 1:
        return report(Verdict(False, f"every word went to part {first[0]}: one reducer "
                              "would do all the work. Spread them with a checksum."))
    return report(Verdict(True, f"both processes agree: {dict(zip(WORDS, first))}."))
