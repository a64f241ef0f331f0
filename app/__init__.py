"""Captioncheck: does each photo and caption belong together, and to the story?"""

__version__ = "0.1.0"
