"""Steps of the release build, each writing or checking one artefact (``oncograph build`` calls them)."""
