"""Encoders behind two small interfaces, loaded lazily and once."""

from app.engine.encoders.base import EncoderProvider, ImageTextEncoder, TextEncoder

__all__ = ["EncoderProvider", "ImageTextEncoder", "TextEncoder"]
