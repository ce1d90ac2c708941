"""A small, thread-safe memory of values derived from one dataset.

The app caches the dataset once per data version (``ui.state.dataset``). Values derived from it
(an edition's figures, a page's tables, a map's JSON) are kept *with* the dataset, so their key
is only what the caller asked for: no data version or unhashed frames to thread through, and
they go when the dataset goes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


class Memo:
    """Least-recently-used values by key, at most ``max_entries`` of them."""

    def __init__(self, max_entries: int = 512) -> None:
        self.max_entries = max_entries
        self._values: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value kept for ``key``, computed (outside the lock) the first time it is asked for."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]  # type: ignore[return-value]  # one memo holds values of many types
        value = compute()  # two sessions may compute the same value at once; both get an equal one
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.max_entries:
                self._values.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._values)
