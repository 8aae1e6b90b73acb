"""How pycompose shows its work: the live view, plain lines, JSON events, container logs and errors.

Every renderer is an :class:`compose.events.EventSink`; :func:`compose.ui.choose.make_sink` picks one.
"""
