"""Free text sealed at rest (issue 14 item 7): problem and assistance details, visit notes, help-request
text and phone, alert reasons become AES-GCM ciphertext (`<column>_cipher`), bound to table, column and
row id as models.sealed binds them. Existing rows are sealed here with the key the CLI hands over
(`config.attributes["protector"]`, from LOGBOOK_DATA_KEY); the plain columns are then dropped.

On SQLite, freed pages are zeroed during the migration (secure_delete) and `db upgrade` truncates the
WAL afterwards. On PostgreSQL the old row versions stay in the table files until `VACUUM FULL` (README).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 15:10:00.000000
"""

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import context, op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEALED = (("problems", "detail"), ("assistance", "detail"), ("visits", "notes"),
          ("help_requests", "text"), ("help_requests", "phone"), ("alerts", "reason"))
PLAIN_TYPES = {"phone": sa.String(length=12)}
BATCH = 2000


def _binding(table: str, column: str, row_id: int) -> bytes:
    return f"{table}.{column}:{row_id}".encode()


def _protector() -> Any:
    protector = context.config.attributes.get("protector")
    if protector is None:
        raise RuntimeError("0007 seals stored text: run it through `flask db upgrade` with LOGBOOK_DATA_KEY set")
    return protector


def _batches(table: str, selected: str, source: str) -> Iterator[list[Any]]:
    """(id, value) rows with a value, in id order, a batch at a time."""
    after = 0
    while True:
        rows = op.get_bind().execute(sa.text(
            f"SELECT id, {selected} FROM {table} WHERE {source} IS NOT NULL AND id > :after "
            f"ORDER BY id LIMIT {BATCH}"), {"after": after}).all()
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA secure_delete = ON")
    for table, column in SEALED:
        op.add_column(table, sa.Column(f"{column}_cipher", sa.LargeBinary(), nullable=True))
        statement = sa.text(f"UPDATE {table} SET {column}_cipher = :cipher WHERE id = :id")
        for rows in _batches(table, column, f"NULLIF({column}, '')"):
            op.get_bind().execute(statement, [
                {"id": row_id, "cipher": _protector().seal(value.encode(), _binding(table, column, row_id))}
                for row_id, value in rows])
        op.drop_column(table, column)


def downgrade() -> None:
    for table, column in SEALED:
        op.add_column(table, sa.Column(column, PLAIN_TYPES.get(column, sa.Text()), nullable=True))
        statement = sa.text(f"UPDATE {table} SET {column} = :value WHERE id = :id")
        for rows in _batches(table, f"{column}_cipher", f"{column}_cipher"):
            op.get_bind().execute(statement, [
                {"id": row_id, "value": _protector().open(cipher, _binding(table, column, row_id)).decode()}
                for row_id, cipher in rows])
        op.drop_column(table, f"{column}_cipher")
