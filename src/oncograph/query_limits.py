"""Running a SELECT query with a time limit and a row cap that really stop the work.

pyoxigraph has no way to cancel a running query, and it does not release
Ctrl-C while it works, so a thread cannot be stopped. The query therefore runs
in a worker process: the caller waits at most ``timeout`` seconds for the answer
and then kills the worker, which frees its memory at once. The worker stops
reading solutions after ``max_rows`` (solutions are produced lazily, so a
huge cartesian product costs only the rows kept) and says the answer was cut.

With the ``fork`` start method (Linux, macOS) the worker shares the caller's
store copy-on-write and starts in milliseconds; elsewhere (``spawn``) it gets the
store as N-Quads and loads it first. The module knows nothing about oncograph's
graph: the command line, the Python API and an HTTP server all pass it a store.
"""

from __future__ import annotations

import math
import signal
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .errors import OncographError

if TYPE_CHECKING:
    import multiprocessing.connection
    import multiprocessing.context

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_ROWS = 10_000

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class QueryLimitError(OncographError):
    """The query was stopped at its time limit (exit code 3: the input was fine, the work too big)."""

    exit_code = 3


class QueryRunError(OncographError):
    """The engine could not run the query (a syntax it rejects, an evaluation error, a dead worker)."""

    def __init__(self, message: str, *, syntax: bool = False) -> None:
        super().__init__(message)
        self.syntax = syntax


@dataclass(frozen=True)
class QueryLimits:
    """How long a query may run (seconds) and how many rows it may return; ``None`` means no limit."""

    timeout: float | None = DEFAULT_TIMEOUT
    max_rows: int | None = DEFAULT_MAX_ROWS

    def __post_init__(self) -> None:
        if self.timeout is not None and not (isinstance(self.timeout, int | float) and self.timeout > 0):
            raise OncographError(f"the timeout must be a positive number of seconds, not {self.timeout!r}")
        if self.max_rows is not None and not (isinstance(self.max_rows, int) and self.max_rows > 0):
            raise OncographError(f"the row cap must be a positive whole number, not {self.max_rows!r}")


@dataclass(frozen=True)
class BoundedSolutions:
    """What a bounded SELECT returned: its variables, rows of terms (``None`` if unbound), and whether it was cut."""

    variables: list[str]
    rows: list[tuple[Term | None, ...]]
    truncated: bool


@dataclass(frozen=True)
class BoundedBoolean:
    """What a bounded ASK returned."""

    value: bool


@dataclass(frozen=True)
class BoundedTriples:
    """What a bounded CONSTRUCT or DESCRIBE returned: its triples (at most ``max_rows``), and whether it was cut."""

    triples: list[ox.Triple]
    truncated: bool


BoundedAnswer = BoundedSolutions | BoundedBoolean | BoundedTriples


def _collect(store: ox.Store, text: str, prefixes: Mapping[str, str] | None,
             max_rows: int | None, any_form: bool = False) -> tuple[str, object]:
    try:
        solutions = store.query(text, prefixes=dict(prefixes or {}))
        if any_form and isinstance(solutions, ox.QueryBoolean):
            return "ok", BoundedBoolean(bool(solutions))
        if any_form and isinstance(solutions, ox.QueryTriples):
            triples: list[ox.Triple] = []
            for triple in solutions:
                if max_rows is not None and len(triples) >= max_rows:
                    return "ok", BoundedTriples(triples, True)
                triples.append(triple)
            return "ok", BoundedTriples(triples, False)
        if not isinstance(solutions, ox.QuerySolutions):
            return "error", "only SELECT queries are run here"
        variables = [v.value for v in solutions.variables]
        rows: list[tuple[Term | None, ...]] = []
        truncated = False
        for solution in solutions:
            if max_rows is not None and len(rows) >= max_rows:
                truncated = True
                break
            rows.append(tuple(solution[name] for name in variables))
        return "ok", BoundedSolutions(variables, rows, truncated)
    except SyntaxError as error:
        return "syntax", str(error)
    except Exception as error:  # noqa: BLE001 - every engine failure goes back to the caller as a message
        return "error", f"{type(error).__name__}: {error}"


def _work(connection: multiprocessing.connection.Connection, store: ox.Store | bytes, text: str,
          prefixes: Mapping[str, str] | None, max_rows: int | None, timeout: float | None,
          any_form: bool = False) -> None:
    if timeout is not None and hasattr(signal, "alarm"):
        # should the caller itself be killed, the orphaned worker still ends soon after the time limit
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.alarm(math.ceil(timeout) + 5)
    if isinstance(store, bytes):  # spawn: the store came as N-Quads
        data, store = store, ox.Store()
        store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    try:
        connection.send(_collect(store, text, prefixes, max_rows, any_form))
    finally:
        connection.close()


def _context(start_method: str | None) -> multiprocessing.context.BaseContext:
    import multiprocessing  # here, not at the top: the saved-query path never starts a worker (30 ms of imports)

    if start_method is None:
        start_method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(start_method)


class BoundedRun:
    """A query started in a worker process; :meth:`wait` collects its answer or kills it at the time limit.

    Starting and waiting are separate so that an asynchronous server can fork the worker on the thread that
    owns the store (no other thread is inside pyoxigraph at that moment) and wait in a thread of its pool.
    """

    def __init__(self, store: ox.Store, text: str, limits: QueryLimits, *, prefixes: Mapping[str, str] | None = None,
                 start_method: str | None = None, any_form: bool = False) -> None:
        self.limits = limits
        context = _context(start_method)
        self._receiver, sender = context.Pipe(duplex=False)
        payload = store if context.get_start_method() == "fork" else store.dump(format=ox.RdfFormat.N_QUADS)
        # daemonic: a caller interrupted before it could kill the worker must not wait for it at exit (multiprocessing
        # joins non-daemonic children then, and a runaway query never ends)
        self._worker = context.Process(target=_work, args=(sender, payload, text, prefixes, limits.max_rows,
                                                          limits.timeout, any_form), daemon=True)
        try:
            self._worker.start()
            sender.close()
        except BaseException:  # Ctrl-C while forking: the worker may already run, and nobody would wait for it
            if self._worker.pid is not None:
                self._worker.kill()
                self._worker.join()
            sender.close()
            self._receiver.close()
            raise

    def wait(self) -> BoundedAnswer:
        """The answer; :class:`QueryLimitError` when the time is up, :class:`QueryRunError` when the engine fails."""
        worker, receiver, limits = self._worker, self._receiver, self.limits
        try:
            if not receiver.poll(limits.timeout):
                raise QueryLimitError(
                    f"the query was stopped after {limits.timeout:g} s (the time limit); "
                    "narrow it, or allow more time (--timeout SECONDS; timeout= in Python)"
                )
            try:
                status, answer = receiver.recv()
            except EOFError:
                worker.join(5)
                raise QueryRunError(f"the query worker died (exit code {worker.exitcode}) before answering") from None
        finally:
            self.cancel()
        if status != "ok":
            raise QueryRunError(str(answer), syntax=status == "syntax")
        return answer

    def cancel(self) -> None:
        """Kill the worker if it still runs and release its pipe (safe to call twice)."""
        if self._worker.is_alive():
            self._worker.kill()
        self._worker.join()
        self._receiver.close()


def run_bounded(store: ox.Store, text: str, limits: QueryLimits = QueryLimits(), *,
                prefixes: Mapping[str, str] | None = None, start_method: str | None = None) -> BoundedSolutions:
    """Run the SELECT query ``text`` on ``store`` in a worker process within ``limits``.

    Raises :class:`QueryLimitError` when the time is up (the worker is killed),
    :class:`QueryRunError` when the engine rejects the query (``.syntax`` is true for
    a syntax error) or the worker dies. Ctrl-C in the caller kills the worker too. ``start_method``
    overrides the default ('fork' where available): a threaded server may prefer 'spawn' or 'forkserver'.
    """
    # Ctrl-C is held back while the worker is forked and until the wait below can kill it: an interrupt that landed
    # inside multiprocessing's start-up left the worker running, and the caller hung at exit waiting for it.
    held = _hold_interrupts()
    try:
        run = BoundedRun(store, text, limits, prefixes=prefixes, start_method=start_method)
    except BaseException:
        _release_interrupts(held)
        raise
    try:
        _release_interrupts(held)  # a Ctrl-C that came meanwhile is raised here, where the worker is killed
        answer = run.wait()
    except BaseException:
        run.cancel()
        raise
    assert isinstance(answer, BoundedSolutions)
    return answer


def _hold_interrupts() -> set | None:
    """Block SIGINT for this thread (the main thread, on POSIX); returns the mask to restore, or None."""
    import threading

    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def _release_interrupts(held: set | None) -> None:
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


__all__ = ["DEFAULT_MAX_ROWS", "DEFAULT_TIMEOUT", "BoundedAnswer", "BoundedBoolean", "BoundedRun", "BoundedSolutions",
           "BoundedTriples", "QueryLimitError", "QueryLimits",
           "QueryRunError", "run_bounded"]
