"""Measured accuracy: labelled image-caption pairs and labelled articles -> metrics, thresholds."""
