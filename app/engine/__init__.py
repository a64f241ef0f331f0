"""The checking engine: encoders, signals and verdicts. Knows nothing of HTTP or the CLI."""
