"""What a photo file says about itself: IPTC, XMP, EXIF, GPS and C2PA, read safely."""

from app.engine.photo_metadata.model import GpsPosition, PhotoMetadata, Provenance, Stated
from app.engine.photo_metadata.reader import ReadOptions, read_photo_metadata

__all__ = ["GpsPosition", "PhotoMetadata", "Provenance", "ReadOptions", "Stated", "read_photo_metadata"]
