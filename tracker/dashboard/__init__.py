"""The OPDC dashboard: how prototypes travel and whom training reaches.

queries.py computes the figures, charts.py draws them, views.py serves the page and its
exports (exports.py writes the files).
"""
