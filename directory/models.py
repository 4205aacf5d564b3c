"""SQL tables: a few indexed columns for filtering, plus the whole validated entry as JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Boolean, Column, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import declarative_base

if TYPE_CHECKING:  # a plain class for the type checker; SQLAlchemy's declarative base at run time

    class Base:
        metadata: Any
        __table__: Any

        def __init__(self, **kwargs: Any) -> None: ...
else:
    Base = declarative_base()


class Service(Base):
    """One entry. `data` is the validated entry, so reading needs no joins."""

    __tablename__ = "directory_services"

    id = Column(String(100), primary_key=True)
    name = Column(String(300), nullable=False)
    kind = Column(String(20), nullable=False)
    status = Column(String(30), nullable=False)
    area_type = Column(String(20), nullable=False)
    region = Column(String(100))
    municipality = Column(String(100))
    emergency = Column(Boolean, nullable=False, default=False)
    priority = Column(Integer, nullable=False, default=50)
    verified_on = Column(Date, nullable=False)
    data = Column(JSON, nullable=False)

    __table_args__ = (Index("ix_directory_services_area", "area_type", "region", "municipality"),)


class ServiceAudience(Base):
    """Who an entry is for; a table so SQL users can filter without parsing JSON."""

    __tablename__ = "directory_service_audiences"

    service_id = Column(
        String(100), ForeignKey("directory_services.id", ondelete="CASCADE"), primary_key=True
    )
    audience = Column(String(50), primary_key=True, index=True)


class ServiceTopic(Base):
    """What an entry helps with."""

    __tablename__ = "directory_service_topics"

    service_id = Column(
        String(100), ForeignKey("directory_services.id", ondelete="CASCADE"), primary_key=True
    )
    topic = Column(String(50), primary_key=True, index=True)


class Meta(Base):
    """Facts about the last load: content_hash, municipality_regions (JSON), loaded_at."""

    __tablename__ = "directory_meta"

    key = Column(String(50), primary_key=True)
    value = Column(Text, nullable=False)
