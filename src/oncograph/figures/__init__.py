"""Figures of the graph, drawn with matplotlib so that the same sources give byte-identical PNG and SVG files."""
