"""Use cases of the everyday commands, one module per family; each receives an engine and a sink."""
