"""The image archive's tables (app.archive.store reads and writes them).

On the same `Base` as the reports, so `upgrade()` creates them in every database, old ones
included. An image is stored once (by content hash) with its fingerprint; each page or
check that showed it is a use; each perceptual hash of it (whole frame and cropped views)
is a row whose four 16-bit bands are indexed, for multi-index hashing.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.tables import Base, UTCDateTime


class ArchiveImage(Base):
    __tablename__ = "archive_images"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    phash: Mapped[int] = mapped_column(BigInteger, nullable=False)  # signed view of the unsigned hash
    thumb: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)  # 32x32 RGB (app.archive.similarity)
    distinctive: Mapped[bool] = mapped_column(Boolean, nullable=False)
    width: Mapped[int] = mapped_column(Integer, nullable=False)
    height: Mapped[int] = mapped_column(Integer, nullable=False)
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)  # float32 CLIP vector, when CLIP was loaded
    embedding_model: Mapped[str | None] = mapped_column(String(255))
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


class ArchiveHash(Base):
    __tablename__ = "archive_hashes"

    image_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("archive_images.id", ondelete="CASCADE"), primary_key=True
    )
    view: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)  # 0 = whole frame
    value: Mapped[int] = mapped_column(BigInteger, nullable=False)
    band0: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    band1: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    band2: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    band3: Mapped[int] = mapped_column(Integer, nullable=False, index=True)


class ArchiveUse(Base):
    __tablename__ = "archive_uses"
    __table_args__ = (Index("ix_archive_uses_image_published", "image_id", "published"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    image_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("archive_images.id", ondelete="CASCADE"), nullable=False
    )
    article_key: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    article_url: Mapped[str | None] = mapped_column(Text)
    image_url: Mapped[str | None] = mapped_column(Text)
    headline: Mapped[str] = mapped_column(Text, nullable=False)
    caption: Mapped[str] = mapped_column(Text, nullable=False)
    credit: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(32), nullable=False)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


class ArchivePage(Base):
    """A page `captioncheck archive index` has read, so the next run skips it."""

    __tablename__ = "archive_pages"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the URL
    url: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)  # indexed | no_article
    figures: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    indexed_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
