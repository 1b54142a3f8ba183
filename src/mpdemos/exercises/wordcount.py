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
from mpdemos.i18n import _

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
        return report(Verdict(False, _("your mapper sent nothing within "
                                       "{timeout:g} s (exit code {code}).").format(
                                           timeout=PROCESS_TIMEOUT, code=codes[0])))
    kind, got = answers[0]
    if kind == "error":
        # Translators: {error} is "Type: message" of the exception.
        return report(Verdict(False, _("your mapper raised {error}.").format(error=got)))
    if isinstance(got, list) and got and isinstance(got[0], tuple):
        return report(Verdict(False, _("your mapper returned {pairs:,} (word, n) "
                                       "pairs: every one is pickled and sent back. "
                                       "Combine first: add them up in a Counter and "
                                       "return that one object.").format(pairs=len(got))))
    if isinstance(got, list) and all(isinstance(c, Counter) for c in got):
        return report(Verdict(False, _("your mapper returned {counters} Counters, one "
                                       "per file: add them into one before sending it "
                                       "back (`total.update(...)`).").format(
                                           counters=len(got))))
    if not isinstance(got, Counter):
        # Translators: {type} is a type name, e.g. dict.
        return report(Verdict(False, _("return one Counter, not {type}.").format(
            type=type(got).__name__)))
    if got != expected:
        missing = sum((expected - got).values())
        extra = sum((got - expected).values())
        return report(Verdict(False, _("your counts are off: {missing:,} words missing "
                                       "and {extra:,} too many. Count every file of the "
                                       "chunk with wordcount.count_words, and add them "
                                       "all.").format(missing=missing, extra=extra)))
    return report(Verdict(True, _("the words of {files} files, counted in the "
                                  "child and sent back as one Counter.").format(
                                      files=len(paths))))


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
        return report(Verdict(False, _("a child sent nothing within {timeout:g} s "
                                       "(exit codes {codes}).").format(
                                           timeout=PROCESS_TIMEOUT, codes=codes)))
    errors = [got for kind, got in answers if kind == "error"]
    if errors:
        # Translators: {error} is "Type: message" of the exception.
        return report(Verdict(False, _("your function raised {error}.").format(
            error=errors[0])))
    first, second = (got for _, got in answers)
    if any(not isinstance(n, int) or isinstance(n, bool) or not 0 <= n < REDUCERS
           for n in first + second):
        return report(Verdict(False, _("every answer must be an int in "
                                       "range({reducers}); got {got}.").format(
                                           reducers=REDUCERS, got=first)))
    if first != second:
        return report(Verdict(False, _("two processes put the same words in different "
                                       "parts ({first} and {second}). hash() of a str "
                                       "changes from process to process: each "
                                       "interpreter picks its own seed (PYTHONHASHSEED). "
                                       "Use a checksum of the word's bytes, such as "
                                       "zlib.crc32(word.encode()).").format(
                                           first=first, second=second)))
    if len(set(first)) == 1:
        return report(Verdict(False, _("every word went to part {part}: one reducer "
                                       "would do all the work. Spread them with a "
                                       "checksum.").format(part=first[0])))
    # Translators: {parts} is a dict from each word to its part, e.g. {'self': 2, ...}.
    return report(Verdict(True, _("both processes agree: {parts}.").format(
        parts=dict(zip(WORDS, first)))))
