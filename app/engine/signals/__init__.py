"""Signals: each compares one aspect of a figure with the story and may produce reasons."""
