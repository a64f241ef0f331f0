"""CMS payloads as articles: the article JSON of DESIGN.md, a WordPress REST post, an Arc XP ANS story."""

from app.payloads.detect import FORMATS, UnknownPayloadShape, detect_format, to_article

__all__ = ["FORMATS", "UnknownPayloadShape", "detect_format", "to_article"]
