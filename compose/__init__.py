"""pycompose: run Compose Specification projects on Docker-compatible engines."""

__version__ = "0.1.0"
