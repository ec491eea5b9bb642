"""One window per database driven in this process: the screens' times at scale beside the demo's (a part of
``scripts/bench_scale.py``)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from scripts.scale_lines import Line, median_ms, verdict


class WindowFigures:
    """Times of one window on one database (seconds per run), measured by :func:`window_figures`."""

    def __init__(self) -> None:
        self.select: list[float] = []
        self.observations: list[float] = []
        self.visit_save: list[float] = []
        self.pin_save: list[float] = []
        self.back: list[float] = []
        self.attention: list[float] = []
        self.visits = 0
        self.pins = 0
        self.attention_rows = 0
        self.actions = 0


def _wait(app: object, done: Callable[[], bool], timeout: float = 60.0) -> None:
    """Run the event loop until ``done()`` (or ``timeout`` seconds: RuntimeError)."""
    deadline = time.perf_counter() + timeout
    while not done():
        app.processEvents()  # type: ignore[attr-defined]
        if time.perf_counter() > deadline:
            raise RuntimeError("timed out waiting for the window")
        time.sleep(0.001)


def window_figures(database: Path, assessment_id: str, runs: int) -> WindowFigures:
    """Drive one window on ``database`` (a copy: visits and pins are saved) around ``assessment_id``."""
    from PySide6.QtCore import QEvent

    from safeguarding.forms import FormLibrary
    from safeguarding.profile import Profile
    from safeguarding.store import open_store
    from ui.editor.map_page import MapPage
    from ui.editor.observations_page import ObservationsPage
    from ui.interaction import Interaction
    from ui.main_window import MainWindow
    from ui.startup import create_application

    app = create_application([])
    figures = WindowFigures()
    window = MainWindow(open_store(database), FormLibrary.load(), Interaction(), profile=Profile("Bench Tester"))
    window.show()
    app.processEvents()
    store = window.store
    assert store is not None and window.editor is not None
    location_id = store.assessments.get(assessment_id).location_id
    figures.actions = int(store.db.execute("SELECT count(*) FROM plan_actions").fetchone()[0])
    others = [summary.location.id for summary in store.locations.summaries()[:runs]]

    def select(location: str) -> None:
        window._show_selected(location)
        app.processEvents()

    for other in others:
        started = time.perf_counter()
        select(other)
        figures.select.append(time.perf_counter() - started)
    select(location_id)
    editor = window.editor
    for run in range(runs):
        started = time.perf_counter()
        window.open_assessment(assessment_id, offer=False)
        editor.show_section("observations")
        app.processEvents()
        figures.observations.append(time.perf_counter() - started)
        page = editor.page("observations")
        assert isinstance(page, ObservationsPage)
        figures.visits = page.model.rowCount()
        if run < runs - 1:
            started = time.perf_counter()
            editor.request_close()
            app.processEvents()
            figures.back.append(time.perf_counter() - started)
    page = editor.page("observations")
    assert isinstance(page, ObservationsPage)
    for run in range(runs):
        page.table.selectRow(run)
        app.processEvents()
        page.notes_edit.setPlainText(page.notes_edit.toPlainText() + f" Corrected ({run}).")
        started = time.perf_counter()
        assert page.save_visit(), page.message.text()
        app.processEvents()
        figures.visit_save.append(time.perf_counter() - started)

    shown: list[int] = []
    map_page = editor.page("map")
    assert isinstance(map_page, MapPage)
    map_page.pins_shown.connect(shown.append)
    editor.show_section("map")
    _wait(app, lambda: bool(shown))
    figures.pins = shown[0]
    view = map_page.view
    assert view is not None
    for run in range(runs):
        map_page.select_pin(map_page.pin_list.item(run).data(0x0100))
        app.processEvents()
        map_page.label.setText(f"Checked pin {run}")
        answered: list[object] = []
        started = time.perf_counter()
        assert map_page.save_selected()
        view.run("1", answered.append)  # runs after the map's update: the page has applied it
        _wait(app, lambda answered=answered: bool(answered))  # type: ignore[misc]
        figures.pin_save.append(time.perf_counter() - started)
    editor.show_section("observations")
    started = time.perf_counter()
    editor.request_close()
    app.processEvents()
    figures.back.append(time.perf_counter() - started)

    for _ in range(runs):
        started = time.perf_counter()
        window.plan_menu.show_attention()
        app.processEvents()
        figures.attention.append(time.perf_counter() - started)
        dialog = window.plan_menu.attention_dialog
        figures.attention_rows = dialog.model.rowCount() if dialog is not None else 0
        if dialog is not None:
            dialog.close()
        app.processEvents()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    window.close()
    app.processEvents()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    return figures


def window_lines(demo: WindowFigures, big: WindowFigures) -> list[Line]:
    """The window's figures at scale beside the demo's."""

    def anchored(anchor: list[float]) -> str:
        return f"demo {median_ms(anchor)}"

    def within(times: list[float], limit_ms: float) -> str:
        return f"≤{limit_ms:.0f} ms: {verdict(statistics.median(times) * 1000, limit_ms)}"

    return [
        ("Select a location (details and its assessments)", median_ms(big.select), anchored(demo.select), ""),
        (
            f"Open the assessment on its Observations page ({big.visits} visits)",
            median_ms(big.observations),
            f"demo ({demo.visits} visits) {median_ms(demo.observations)}",
            within(big.observations, 150),
        ),
        (
            f"Save a visit among {big.visits}",
            median_ms(big.visit_save),
            anchored(demo.visit_save),
            within(big.visit_save, 60),
        ),
        (
            f"Save a pin among {big.pins}, Map page shown (until the map has it)",
            median_ms(big.pin_save),
            f"demo ({demo.pins} pins) {median_ms(demo.pin_save)}",
            within(big.pin_save, 50),
        ),
        ("Back to the list", median_ms(big.back), anchored(demo.back), within(big.back, 50)),
        (
            f'"What needs attention" ({big.actions:,} actions, {big.attention_rows:,} rows)',
            median_ms(big.attention),
            f"demo ({demo.attention_rows} rows) {median_ms(demo.attention)}",
            within(big.attention, 30),
        ),
    ]
