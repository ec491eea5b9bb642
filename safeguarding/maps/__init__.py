"""Maps of a location: pin categories, coordinates, offline tiles, the interactive page and static images.

Nothing here imports Qt. The interactive page (:mod:`safeguarding.maps.web_page`) is
HTML built with folium that loads every script, style and image from the app's
own ``app:`` URL scheme and tiles from ``tiles:``; the UI serves both. Background
maps are MBTiles or PMTiles files of picture or vector tiles, judged by content
(:mod:`safeguarding.maps.mapfiles`); vector tiles are drawn with one style on
screen (protomaps-leaflet) and on paper (:mod:`safeguarding.maps.vector_render`).
Static images for the report (:mod:`safeguarding.maps.static`) are drawn with
Pillow, without a browser. folium is imported only by :mod:`safeguarding.maps.web_page`.
"""
