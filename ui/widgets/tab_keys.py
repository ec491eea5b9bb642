"""Tab leaves a table: it moves to the next control, not round the table's cells for ever.

A keyboard tester's fault: a table takes Tab for moving from cell to cell by default, so
once Tab reached a list (the editor's pages, the plan review, the comparison of ratings,
the backups) it went round its cells and never left; nothing after it could be reached
without the mouse. With :func:`tab_leaves_tables` Tab and Shift+Tab move on to the next
and previous control, and the arrow keys move inside the table. A control shown in a cell
(the plan review's status and note boxes) stays a Tab stop of its own.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTableView, QWidget


def tab_leaves_tables(root: QWidget) -> None:
    """Make Tab leave ``root`` if it is a table, and every table inside it now (tables added later are not seen).

    Args:
        root: A page, a dialog or a table.
    """
    tables = root.findChildren(QTableView)
    if isinstance(root, QTableView):
        tables.append(root)
    for table in tables:
        table.setTabKeyNavigation(False)  # the arrow keys move in it
