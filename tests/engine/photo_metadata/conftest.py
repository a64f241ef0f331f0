from tests.engine.photo_metadata.fixtures import chain, exiftool

__all__ = ["chain", "exiftool"]
