"""Stopping a build cleanly on SIGTERM and SIGHUP, as Ctrl-C already does.

Python's default SIGTERM action ends the process at once: no ``finally`` runs,
so the staging folder, owlready2's temporary files and the HermiT Java process
(a child that would run on) were left behind. Turning the signal into an
exception lets every ``finally`` and context manager clean up, and
``subprocess.run`` (which owlready2 uses for Java) kills its child on any
exception. SIGKILL cannot be caught: the next build removes the staging folder.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class BuildInterrupted(KeyboardInterrupt):
    """The build was stopped by a signal. A BaseException, so no ``except Exception`` swallows it."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"stopped by {signal.Signals(signum).name}")


_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """While the block runs, SIGTERM and SIGHUP raise :class:`BuildInterrupted` (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, _frame: object) -> None:
        raise BuildInterrupted(signum)

    previous = {sig: signal.signal(sig, handler) for sig in _SIGNALS}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


__all__ = ["BuildInterrupted", "stop_on_signals"]
