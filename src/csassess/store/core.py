"""The `Store`: every job of the results database over one connection.

Each job is a class of its own module that knows only its own SQL (`scripts`, `decisions`,
`samples`, `queries`, over `database`); the Store is all of them at once, so a caller holds one
open database and calls `store.write_chunk`, `store.review_queue` or `store.grade_counts` alike.
"""

from __future__ import annotations

from csassess.store.decisions import Decisions
from csassess.store.queries import Queries
from csassess.store.samples import Samples
from csassess.store.scripts import Scripts


class Store(Scripts, Decisions, Samples, Queries):
    """An open results database; use as a context manager.

    `Store(path)` creates the file if needed and brings its schema up to date; `create=False`
    requires it to exist; `read_only=True` opens it so that SQLite itself refuses every write
    (dry runs), and requires it to be at the current schema.
    """
