"""One explicit transaction: everything inside is committed together, or nothing is.

DuckDB 2.0 does not make a string of several statements atomic, so every write of an import or an
undo runs between BEGIN and COMMIT here; any exception (or an interrupt) rolls the whole of it back.
"""

from __future__ import annotations

from contextlib import contextmanager

import duckdb


@contextmanager
def transaction(connection: duckdb.DuckDBPyConnection):
    connection.execute("BEGIN TRANSACTION")
    try:
        yield connection
    except BaseException:
        try:
            connection.execute("ROLLBACK")
        except duckdb.Error:
            pass  # the transaction is gone already (e.g. the connection failed): nothing was committed
        raise
    connection.execute("COMMIT")
