"""Image embeddings cached by (model, SHA-256 of the image file): re-audits skip the encoder."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone

from sqlalchemy import Engine, LargeBinary, String, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.storage.engine import write_connection
from app.storage.errors import db_errors
from app.storage.tables import Base, UTCDateTime

_CHUNK = 500  # keys per IN (...) query, well under every database's parameter limit


class CachedEmbedding(Base):
    __tablename__ = "embedding_cache"

    model: Mapped[str] = mapped_column(String(255), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)  # float32, little-endian
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


class EmbeddingStore:
    """get_many / put_many over raw vector bytes; the schema must exist (AuditStore or ReportStore)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get_many(self, model: str, hashes: Sequence[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        unique = list(dict.fromkeys(hashes))
        with db_errors("read cached embeddings"), Session(self.engine) as session:
            for start in range(0, len(unique), _CHUNK):
                chunk = unique[start : start + _CHUNK]
                query = select(CachedEmbedding.sha256, CachedEmbedding.vector).where(
                    CachedEmbedding.model == model, CachedEmbedding.sha256.in_(chunk)
                )
                found.update({row.sha256: bytes(row.vector) for row in session.execute(query)})
        return found

    def put_many(self, model: str, vectors: Mapping[str, bytes]) -> None:
        if not vectors:
            return
        now = datetime.now(timezone.utc)
        keys = list(vectors)
        with db_errors("cache embeddings"), self._write() as session:
            # Delete then insert: portable upsert (another run may have cached the same image).
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                session.execute(
                    delete(CachedEmbedding).where(
                        CachedEmbedding.model == model, CachedEmbedding.sha256.in_(chunk)
                    )
                )
            session.add_all(
                CachedEmbedding(model=model, sha256=key, vector=vectors[key], created_at=now) for key in keys
            )

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with write_connection(self.engine) as conn, Session(bind=conn) as session:
            yield session
            session.flush()

