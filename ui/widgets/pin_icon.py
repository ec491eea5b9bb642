"""The small picture of a pin category in lists and menus: its shape, colour and symbol, as on the map."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap, QPolygonF

from safeguarding.maps.categories import PinCategory
from safeguarding.maps.pin_shapes import outline

_ICONS: dict[PinCategory, QIcon] = {}


def pin_icon(category: PinCategory) -> QIcon:
    """The category's shape in its colour with its symbol (made once per category: lists of 1,000 pins stay quick)."""
    if category in _ICONS:
        return _ICONS[category]
    pixmap = QPixmap(18, 18)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(category.colour))
    painter.setPen(QColor("#1e1e1e"))
    corners = outline(category.shape, 9, 9, 6.5)
    if corners:
        painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in corners]))
    else:
        painter.drawEllipse(1, 1, 16, 16)
    painter.setPen(QColor(category.text_colour))
    painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, category.symbol)
    painter.end()
    _ICONS[category] = QIcon(pixmap)
    return _ICONS[category]


__all__ = ["pin_icon"]
