"""The dashboard: static HTML, CSS and JavaScript in ``static/``, served at ``/`` by the API.

Everything is offline: vanilla JS and SVG, no CDN, no tile server; the map's country shapes
are Natural Earth 1:110m (``static/world/``, see its NOTICE.md).
"""
