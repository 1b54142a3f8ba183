"""Workers for 08-manager (tests: tests/test_managers.py).

A ``Manager`` runs a server process that owns ordinary Python objects (a
dict, a list, a ``Namespace``) and hands out *proxies*. Every operation on a
proxy is a message to that server: the arguments are pickled, sent, run
there, and the result is pickled back. The functions here receive proxies
and use them like the real objects; the notebook shows where that illusion
breaks.

:class:`BoardManager` and :class:`BoardClient` serve and reach one shared
dict over TCP, for the notebook's section on managers across machines.
"""

from __future__ import annotations

import threading
from multiprocessing.managers import BaseManager, DictProxy
from typing import Any

from mpdemos.arguments import check_positive_seconds

#: What the lecture's producer stores.
VALUE = "This is the value"


def store(d: Any, key: Any, value: Any) -> None:
    """Set ``d[key] = value``: the lecture's worker for a shared ``dict``."""
    d[key] = value


def extend(items: Any, values: list[Any]) -> None:
    """Append each of ``values`` to the shared list ``items``, one call each."""
    for value in values:
        items.append(value)


def producer(ns: Any, event: Any) -> None:
    """Set ``ns.value``, then set ``event``: the lecture's producer."""
    ns.value = VALUE
    event.set()


def consumer(ns: Any, event: Any, results: Any, name: str = "value",
             timeout: float = 10.0) -> None:
    """Read ``ns.<name>`` before and after ``event`` is set; report both.

    Puts ``("before", what)`` and then ``("after", what)`` on ``results``,
    where ``what`` is the value, or the exception's class name if reading
    failed. The parent prints them, so the output order is fixed. Gives up
    waiting for ``event`` after ``timeout`` seconds.
    """
    check_positive_seconds(timeout, "timeout")
    for when in ("before", "after"):
        if when == "after" and not event.wait(timeout):
            results.put((when, "TimeoutError"))
            return
        try:
            value = getattr(ns, name)
        except Exception as err:  # noqa: BLE001 - report whatever the proxy raised
            results.put((when, type(err).__name__))
        else:
            # a nested proxy: fetch a plain copy of its value, so it can be printed
            if hasattr(value, "_getvalue"):
                value = value._getvalue()
            results.put((when, value))


def list_producer(ns: Any, event: Any) -> None:
    """``ns.my_list.append(VALUE)``, then set ``event``: the lecture's trap.

    If ``ns.my_list`` is a plain list, the append changes a copy that this
    process received, and is lost. If it is a ``manager.list()`` proxy, the
    append reaches the server.
    """
    ns.my_list.append(VALUE)  # a plain list here is a local copy
    event.set()


def append_to_key(d: Any, key: Any, item: Any) -> None:
    """``d[key].append(item)``: lost if ``d[key]`` is a plain list."""
    d[key].append(item)


def append_to_key_reassign(d: Any, key: Any, item: Any, lock: Any) -> None:
    """Fix 1 for a dict of lists: read, append, write back, all under ``lock``.

    Without the lock two processes can read the same old list, and the second
    write throws away the first one's item.
    """
    with lock:
        items = d[key]
        items.append(item)
        d[key] = items


# ------------------------------------------------------------- over TCP

_BOARD: dict[str, Any] = {}


def get_board() -> dict[str, Any]:
    """Return the one dict that a :class:`BoardManager` server shares.

    It runs in the server process; a module-level function (not a lambda, as
    in the docs) so that spawn and forkserver can start the server.
    """
    return _BOARD


class BoardManager(BaseManager):
    """The server side: ``get_board()`` returns a proxy to a shared dict."""


BoardManager.register("get_board", callable=get_board, proxytype=DictProxy)


class BoardClient(BaseManager):
    """The client side: same typeid, no callable; it only connects."""


BoardClient.register("get_board", proxytype=DictProxy)


def connect(address: tuple[str, int], authkey: bytes,
            timeout: float = 5.0) -> BoardClient:
    """Connect a :class:`BoardClient` to ``address``; return it.

    ``BaseManager.connect()`` has no timeout of its own, so it runs in a
    helper thread and this raises ``TimeoutError`` after ``timeout`` seconds.
    A wrong ``authkey`` raises ``multiprocessing.AuthenticationError``.
    """
    check_positive_seconds(timeout, "timeout")
    client = BoardClient(address=address, authkey=authkey)
    failure: list[BaseException] = []

    def attempt() -> None:
        try:
            client.connect()
        except BaseException as err:  # noqa: BLE001 - handed to the caller
            failure.append(err)

    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise TimeoutError(f"no answer from {address} within {timeout} s")
    if failure:
        raise failure[0]
    return client


def write_to_board(address: tuple[str, int], authkey: bytes, key: str,
                   value: Any) -> None:
    """Connect to the board at ``address`` and set ``board[key] = value``.

    Run it in a separate process: a client on another machine would do the
    same.
    """
    connect(address, authkey).get_board()[key] = value
