"""Container engines behind one interface (``compose.engine.base.Engine``)."""
