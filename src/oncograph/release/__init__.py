"""Build steps of the release that write one artefact each (``oncograph build`` calls them)."""
