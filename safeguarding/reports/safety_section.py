"""The report's "Safety mapping with young people": sessions, marks tallied by place, routes, and change.

Sessions are listed by date with who took part by role and number (never names).
Marks are tallied by place across sessions (:mod:`safeguarding.safety_mapping.tally`):
how many times each place was marked unsafe, avoided or safe, and in which
sessions. Routes are listed. When the assessment reassesses an earlier one that
had safety mapping, each place's marks then and now are set side by side.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether

from safeguarding.reports.page_layout import CONTENT_WIDTH
from safeguarding.reports.tables import grid
from safeguarding.safety_mapping.model import MarkKind
from safeguarding.safety_mapping.tally import PlaceTally, compare, sessions_words, tally
from safeguarding.timeutil import format_uk_date

if TYPE_CHECKING:
    from safeguarding.reports.dcsm import ReportBuilder

TITLE = "Safety mapping with young people"


def _cells(builder: ReportBuilder, values: list[str], head: bool = False) -> list[Any]:
    return [builder.s.text(v, "cell_head" if head else "cell", bold=head) for v in values]


def _place_name(place: PlaceTally | None) -> str:
    if place is None:
        return ""
    return place.label or f"Unnamed place ({place.latitude:.5f}, {place.longitude:.5f})"


def _counts(place: PlaceTally | None) -> str:
    return place.describe() if place is not None else "not marked"


def safety_section(builder: ReportBuilder) -> list[Flowable]:
    """The section, or nothing when the assessment has no safety-mapping session."""
    data = getattr(builder, "place_data", None)
    sessions = data.sessions if data is not None else []
    if not sessions:
        return []
    counted = tally(sessions)
    parts: list[Flowable] = [
        CondPageBreak(200),
        builder._heading(TITLE),
        builder.s.text(
            f"{counted.sessions} session{'s' if counted.sessions != 1 else ''} in which young people marked on a map "
            "where they feel safe or unsafe, where they avoid, and the routes they take. Participants are recorded "
            "by role and number only.",
            "intro",
        ),
    ]
    rows = [_cells(builder, ["No.", "Date", "Who took part", "Run by", "Marks"], head=True)]
    for number, session in enumerate(sessions, start=1):
        rows.append(
            _cells(
                builder,
                [
                    str(number),
                    format_uk_date(session.held_on),
                    session.who(),
                    session.facilitator,
                    str(len(session.marks)),
                ],
            )
        )
    parts.append(grid(builder.s, rows, [26, 80, CONTENT_WIDTH - 26 - 80 - 100 - 40, 100, 40]))
    if counted.places:
        rows = [_cells(builder, ["Place", "Feels unsafe", "Avoided", "Feels safe", "Marked in"], head=True)]
        for place in counted.places:
            rows.append(
                _cells(
                    builder,
                    [
                        _place_name(place),
                        str(place.counts[MarkKind.UNSAFE]),
                        str(place.counts[MarkKind.AVOID]),
                        str(place.counts[MarkKind.SAFE]),
                        sessions_words(place.sessions),
                    ],
                )
            )
        parts.append(
            KeepTogether(
                [
                    builder._heading("Places marked, across sessions", "h2"),
                    grid(builder.s, rows, [CONTENT_WIDTH - 3 * 62 - 110, 62, 62, 62, 110]),
                ]
            )
        )
    if counted.routes:
        rows = [_cells(builder, ["Route", "Session", "Length"], head=True)]
        rows += [
            _cells(builder, [route.label or "Route taken", str(route.session), f"about {route.length_m:,.0f} m"])
            for route in counted.routes
        ]
        parts.append(
            KeepTogether(
                [
                    builder._heading("Routes young people take", "h2"),
                    grid(builder.s, rows, [CONTENT_WIDTH - 160, 60, 100]),
                ]
            )
        )
    if data is not None and data.earlier_sessions:
        changes = compare(tally(data.earlier_sessions), counted)
        rows = [_cells(builder, ["Place", f"Assessment of {data.earlier_on}", "This assessment"], head=True)]
        rows += [
            _cells(
                builder, [_place_name(change.later or change.earlier), _counts(change.earlier), _counts(change.later)]
            )
            for change in changes
        ]
        parts.append(
            KeepTogether(
                [
                    builder._heading("Compared with the earlier assessment's safety mapping", "h2"),
                    grid(builder.s, rows, [CONTENT_WIDTH * 0.4, CONTENT_WIDTH * 0.3, CONTENT_WIDTH * 0.3]),
                ]
            )
        )
    return parts
