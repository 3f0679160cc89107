"""Importers: turn a local copy of a published release (OncoTree ...) into a Turtle module of the graph.

Nothing here reaches the network; each importer reads files the user fetched and writes files the build loads.
"""
