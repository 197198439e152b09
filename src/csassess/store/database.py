"""Opening a results database: the connection, its pragmas, transactions and schema migrations.

SQLite from the standard library, in WAL mode with synchronous=FULL and foreign keys on. Rows
come back as `sqlite3.Row`, so every reader decodes them by column name, never by position.
Each job of the store (`scripts`, `decisions`, `samples`, `queries`) is a class over this one
connection; `csassess.store.core.Store` combines them.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Self

from csassess.findings import CsassessError
from csassess.store.schema import MIGRATIONS, SCHEMA_VERSION, statements


class StoreError(CsassessError):
    """The results database cannot be used (one line saying why)."""


class NoDatabaseError(StoreError):
    """There is no results database where one was expected."""


class SchemaTooOldError(StoreError):
    """A database opened read-only is at an older schema; only a writer may upgrade it."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


class SecondMarkRoleError(StoreError):
    """A decision was recorded under a second-marking role, which records second marks instead."""


def now() -> str:
    """The time a row is written, in UTC to the second."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


PAGE_SIZE = 8192
"""Bytes a database page holds, set when a results database is created."""


class Database:
    """An open results database; use as a context manager.

    `read_only` opens it so that SQLite itself refuses every write (dry runs); the file must
    exist and be at the current schema.
    """

    def __init__(self, path: Path, *, create: bool = True, read_only: bool = False) -> None:
        self.path = path
        if (read_only or not create) and not path.is_file():
            raise NoDatabaseError(f"{path}: no such results database")
        new_file = not read_only and (not path.exists() or path.stat().st_size == 0)
        try:
            if read_only:
                uri = f"{path.resolve().as_uri()}?mode=ro"
                self.db = sqlite3.connect(uri, uri=True, isolation_level=None)
            else:
                self.db = sqlite3.connect(path, isolation_level=None)  # we manage transactions
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open the results database: {exc}") from exc
        self.db.row_factory = sqlite3.Row
        try:
            if new_file:
                # answer rows run to a kilobyte or so (text and evidence): larger pages hold
                # more of them, and writing them costs measurably less CPU than at 4 KiB
                self.db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            if not read_only:
                self.db.execute("PRAGMA journal_mode = WAL")
                self.db.execute("PRAGMA synchronous = FULL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self.db.execute("PRAGMA busy_timeout = 10000")
            if read_only:
                self._checked_version(read_only=True)
            else:
                self.migrate()
            self.prepare_connection()
        except (sqlite3.DatabaseError, StoreError) as exc:
            self.db.close()
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"{path}: cannot use as a results database: {exc}") from exc

    def prepare_connection(self) -> None:
        """Make what a job needs on this connection only (temporary tables, SQL functions).

        Each job that needs something extends this and calls `super()`.
        """

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (WAL content stays safe on disk)."""
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is committed, or none of it.

        A database failure (disk full, locked too long) becomes one StoreError line.
        """
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {exc}") from exc

    def schema_version(self) -> int:
        """The schema version of this database (0 for a new, empty file)."""
        exists = self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
        ).fetchone()
        if not exists:
            return 0
        return int(self.db.execute("SELECT version AS version FROM schema_version").fetchone()["version"])

    def _checked_version(self, *, read_only: bool) -> int:
        """The schema version, refused when newer than this csassess (or older, read-only)."""
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer csassess (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); upgrade csassess to use it"
            )
        if read_only and version < SCHEMA_VERSION:
            raise SchemaTooOldError(
                f"{self.path} is at results schema {version} and a dry run writes nothing, not even "
                f"the upgrade to {SCHEMA_VERSION}",
                self.path,
            )
        return version

    def migrate(self) -> None:
        """Bring the schema up to date, one migration per transaction."""
        version = self._checked_version(read_only=False)
        for number in range(version, SCHEMA_VERSION):
            with self.transaction() as db:
                if self.schema_version() != number:  # another process migrated it meanwhile
                    continue
                for statement in statements(MIGRATIONS[number]):
                    db.execute(statement)
                db.execute("UPDATE schema_version SET version = ?", (number + 1,))
