"""mpdemos.bench.settings: sizes of a run, sections, start methods, CPUs."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest

from mpdemos.bench import settings
from mpdemos.bench.results import MIN_REPEATS_FOR_TARGETS
from mpdemos.bench.settings import FULL, QUICK, SECTIONS
from mpdemos.context import KNOWN_METHODS


def test_usable_cpus_and_worker_counts() -> None:
    assert settings.usable_cpus() >= 1
    assert settings.worker_counts(1) == [1, 2]  # the second shows it buys nothing
    assert settings.worker_counts(4) == [1, 2, 3, 4]
    assert settings.worker_counts(12) == [1, 2, 4, 8, 12]
    with pytest.raises(ValueError):
        settings.worker_counts(0)


def test_parse_list() -> None:
    assert settings.parse_list("fork, spawn,fork", KNOWN_METHODS, "start method") == [
        "fork", "spawn"]
    with pytest.raises(ValueError, match="'nope' is not a section"):
        settings.parse_list("start,nope", SECTIONS, "section")
    with pytest.raises(ValueError, match="no section given"):
        settings.parse_list(" , ", SECTIONS, "section")
    with pytest.raises(TypeError):
        settings.parse_list(["start"], SECTIONS, "section")  # type: ignore[arg-type]


def test_check_methods() -> None:
    assert settings.check_methods(("fork",)) == ["fork"]
    with pytest.raises(ValueError, match="'threads' is not a start method"):
        settings.check_methods(["threads"])
    with pytest.raises(ValueError, match="at least one"):
        settings.check_methods([])
    with pytest.raises(TypeError, match="not a str"):
        settings.check_methods("fork")


def test_check_methods_names_what_this_platform_offers(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings.multiprocessing, "get_all_start_methods",
                        lambda: ["spawn"])
    with pytest.raises(ValueError, match="'fork' is not available here; this "
                                         "platform offers spawn"):
        settings.check_methods(["fork"])


def test_settings_check_their_fields() -> None:
    with pytest.raises(ValueError, match="repeats must be >= 1"):
        QUICK.with_repeats(0)
    with pytest.raises(TypeError, match="repeats must be an int"):
        QUICK.with_repeats(2.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="chunksizes"):
        replace(QUICK, chunksizes=())
    with pytest.raises(ValueError, match="chunksize must be >= 1"):
        replace(QUICK, chunksizes=(1, 0))
    with pytest.raises(ValueError, match="ipc_sizes"):
        replace(QUICK, ipc_sizes=())
    with pytest.raises(ValueError, match="ipc_min_messages"):
        replace(QUICK, ipc_min_messages=10, ipc_max_messages=5)
    assert FULL.repeats >= MIN_REPEATS_FOR_TARGETS
    assert QUICK.with_repeats(5).repeats == 5


def test_every_count_is_checked() -> None:
    counts = [f.name for f in fields(QUICK) if f.type == "int"]
    assert len(counts) == 12 and "manager_ops" in counts
    for name in counts:
        with pytest.raises(ValueError, match=f"{name} must be >= 1"):
            replace(QUICK, **{name: 0})


def test_settings_can_pick_transports() -> None:
    assert replace(QUICK, ipc_transports=("Pipe",)).ipc_transports == ("Pipe",)
    with pytest.raises(ValueError, match="'pigeon' is not a transport"):
        replace(QUICK, ipc_transports=("pigeon",))
    with pytest.raises(ValueError, match="no transport given"):
        replace(QUICK, ipc_transports=())
    with pytest.raises(TypeError, match="list of transport names, not a str"):
        replace(QUICK, ipc_transports="Pipe")


def test_show_progress_passes_messages_on_if_asked() -> None:
    said: list[str] = []
    settings.show_progress(said.append, "ipc/fork: 1 KiB")
    settings.show_progress(None, "nobody listens")
    assert said == ["ipc/fork: 1 KiB"]
