"""Command-line interface: thin layers over the engine."""
