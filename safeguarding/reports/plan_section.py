"""The plan part of the DCSM report, after the analysis and recommendation.

In the order a DCSM chair asks for it:

1. the comparison with the earlier assessment (each side's rating then and now,
   with the direction of travel), when there is one;
2. the context weighting (a bar chart and the reasons), the heaviest context named;
3. the safety goals and the action plan table (owner, lead, due, status; overdue
   is worked out on the day the report is generated);
4. the last DCSM decision and the next review date, and the reviews held;
5. the previous assessment's actions and what became of them.

Carried-forward content is labelled "Carried forward from the assessment of
<date>". Every piece of typed text goes through ``Styles.text`` (escaped).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from safeguarding.model import Side
from safeguarding.plan.compare import compare_ratings
from safeguarding.plan.records import MAX_WEIGHT, Action, AssessmentPlan, ContextWeight, Review
from safeguarding.reports.page_layout import CONTENT_WIDTH
from safeguarding.reports.styles import OVERDUE_FILL, SHADE, FlowingTable, filled_box, rating_fill
from safeguarding.reports.tables import grid, rating_cell
from safeguarding.timeutil import format_uk_date, utc_to_local

if TYPE_CHECKING:
    from safeguarding.reports.dcsm import ReportBuilder

HEAVIEST_FILL = colors.HexColor("#1A237E")  # the bars' blue, darker: red would read as a RAG rating
BAR_FILL = colors.HexColor("#5C6BC0")


def _date(value: Any, empty: str = "—") -> str:
    return format_uk_date(value) if value else empty


def _grid(
    builder: ReportBuilder, rows: list[list[Any]], widths: list[float], extra: list[Any] | None = None
) -> FlowingTable:
    return grid(builder.s, rows, widths, extra)


def _head(builder: ReportBuilder, labels: list[str]) -> list[Paragraph]:
    return [builder.s.text(label, "cell_head", bold=True) for label in labels]


def _cell(builder: ReportBuilder, text: str) -> Paragraph:
    return builder.s.text(text, "cell")


def weight_chart(weights: list[ContextWeight], font: str, width: float = CONTENT_WIDTH) -> Drawing:
    """Horizontal bars of the weights (0-10), the heaviest darker (not red: red is a RAG rating) and named."""
    shown = [w for w in weights if w.weight > 0]
    heaviest = max(shown, key=lambda w: w.weight) if shown else None
    row = 16
    drawing = Drawing(width, row * len(shown) + 4)
    label_width = 130
    span = width - label_width - 90
    for index, weight in enumerate(shown):
        y = drawing.height - (index + 1) * row
        is_top = heaviest is not None and weight.context == heaviest.context
        drawing.add(String(0, y + 4, weight.label[:32], fontName=font, fontSize=8))
        drawing.add(filled_box(label_width, y + 2, span, 10, SHADE))
        fill = HEAVIEST_FILL if is_top else BAR_FILL
        drawing.add(filled_box(label_width, y + 2, span * weight.weight / MAX_WEIGHT, 10, fill))
        suffix = f"{weight.weight}/{MAX_WEIGHT}" + (" heaviest" if is_top else "")
        drawing.add(String(label_width + span + 6, y + 4, suffix, fontName=font, fontSize=8))
    return drawing


def _comparison(builder: ReportBuilder, plan: AssessmentPlan) -> list[Flowable]:
    earlier = plan.earlier
    if earlier is None:
        return []
    now = {side: builder.assessment.rating(side) for side in Side}
    rows: list[list[Any]] = [_head(builder, ["Side of the triangle", "Then", "Now", "Direction of travel"])]
    extra: list[Any] = []
    for number, item in enumerate(compare_ratings(earlier.ratings, now), start=1):
        rows.append(
            [
                _cell(builder, builder.side_title(item.side)),
                rating_cell(builder.s, item.then),
                rating_cell(builder.s, item.now),
                _cell(builder, item.direction.label),  # the report fonts have no arrows: words only
            ]
        )
        for column, rating in ((1, item.then), (2, item.now)):
            extra.append(("BACKGROUND", (column, number), (column, number), rating_fill(rating)))
    widths = [CONTENT_WIDTH * 0.4, CONTENT_WIDTH * 0.15, CONTENT_WIDTH * 0.15, CONTENT_WIDTH * 0.3]
    return [
        KeepTogether(
            [
                builder._heading(f"Compared with the assessment of {_date(earlier.on)}", "h2"),
                builder.s.text(
                    "Place ratings then and now. Towards green is better: the place is safer for young people "
                    "on that side.",
                    "intro",
                ),
                _grid(builder, rows, widths, extra),
            ]
        )
    ]


def _weighting(builder: ReportBuilder, plan: AssessmentPlan) -> list[Flowable]:
    parts: list[Flowable] = [builder._heading("Context weighting", "h2")]
    if not plan.weights:
        return [*parts, builder._body("")]
    heaviest = plan.heaviest()
    if heaviest is not None:
        parts.append(
            builder.s.text(f"Heaviest context: {heaviest.label} ({heaviest.weight}/{MAX_WEIGHT})", "body", bold=True)
        )
    parts.append(weight_chart(plan.weights, builder.s.fonts.body))
    rows: list[list[Any]] = [_head(builder, ["Context", "Weight", "Why"])]
    for weight in plan.weights:
        rows.append(
            [
                _cell(builder, weight.label),
                _cell(builder, f"{weight.weight}/{MAX_WEIGHT}"),
                _cell(builder, weight.rationale),
            ]
        )
    parts.append(Spacer(0, 4))
    parts.append(_grid(builder, rows, [CONTENT_WIDTH * 0.25, 50, CONTENT_WIDTH * 0.75 - 50]))
    return parts


def _action_cell(builder: ReportBuilder, action: Action) -> list[Paragraph]:
    cell = [_cell(builder, action.description)]
    if action.measure:
        cell.append(builder.s.text(f"Measured by: {action.measure}", "label"))
    if action.is_carried:
        cell.append(
            builder.s.text(f"Carried forward from the assessment of {_date(action.carried_from_date)}", "label")
        )
    return cell


def _action_plan(builder: ReportBuilder, plan: AssessmentPlan) -> list[Flowable]:
    parts: list[Flowable] = [builder._heading("Safety goals and action plan", "h2")]
    if not plan.goals:
        return [*parts, builder._body("")]
    today = utc_to_local(builder.generated_at).date()
    rows: list[list[Any]] = [_head(builder, ["Action", "Owner", "Lead", "Due", "Status"])]
    extra: list[Any] = []
    for number, goal in enumerate(plan.goals, start=1):
        rows.append([builder.s.text(f"Goal {number} ({goal.side.label}): {goal.statement}", "cell", bold=True)])
        extra.append(("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)))
        extra.append(("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), SHADE))
        if not goal.actions:
            rows.append([builder.s.text("No actions yet.", "label"), "", "", "", ""])
        for action in goal.actions:
            rows.append(
                [
                    _action_cell(builder, action),
                    _cell(builder, action.agency_name),
                    _cell(builder, action.lead),
                    _cell(builder, _date(action.due_date)),
                    _cell(builder, action.status_label(today)),
                ]
            )
            if action.is_overdue(today):
                extra.append(("BACKGROUND", (4, len(rows) - 1), (4, len(rows) - 1), OVERDUE_FILL))
    widths = [CONTENT_WIDTH * 0.42, CONTENT_WIDTH * 0.18, CONTENT_WIDTH * 0.14, CONTENT_WIDTH * 0.12]
    widths.append(CONTENT_WIDTH - sum(widths))
    parts.append(
        builder.s.text(
            f"Status as on {format_uk_date(today)}; 'Overdue' is worked out from the due date on that day.", "intro"
        )
    )
    parts.append(_grid(builder, rows, widths, extra))
    return parts


def _reviews(builder: ReportBuilder, plan: AssessmentPlan) -> list[Flowable]:
    parts: list[Flowable] = [builder._heading("DCSM decision and reviews", "h2")]
    last = plan.last_review()
    if last is None or last.decision is None:
        parts.append(builder.s.text("No DCSM review has been finalised for this assessment yet.", "body"))
    else:
        parts.append(
            builder._facts_table(
                [
                    ("Last decision", f"{last.decision_words} ({_date(last.meeting_date)})"),
                    ("Next review date", _date(last.next_review_date, "Not set")),
                ]
            )
        )
    final = [review for review in plan.reviews if review.is_final]
    if final:
        rows: list[list[Any]] = [_head(builder, ["Meeting", "Agencies present", "Decision", "Next review"])]
        for review in final:
            assert review.decision is not None
            present = ", ".join(review.agencies_present) or "Not recorded"
            rows.append(
                [
                    _cell(builder, _date(review.meeting_date)),
                    [_cell(builder, present)] + ([builder.s.text(review.notes, "label")] if review.notes else []),
                    _cell(builder, review.decision_words),
                    _cell(builder, _date(review.next_review_date)),
                ]
            )
        widths = [CONTENT_WIDTH * 0.17, CONTENT_WIDTH * 0.45, CONTENT_WIDTH * 0.21]
        widths.append(CONTENT_WIDTH - sum(widths))
        parts.append(Spacer(0, 4))
        parts.append(_grid(builder, rows, widths))
        parts += _review_updates(builder, plan, final)
    return parts


def _review_updates(builder: ReportBuilder, plan: AssessmentPlan, reviews: list[Review]) -> list[Flowable]:
    """Each action's update given at each review (the "status now" said at the meeting), review by review."""
    actions = {action.id: action for action in plan.actions()}
    if plan.earlier is not None:
        actions.update({action.id: action for action in plan.earlier.actions if action.id not in actions})
    rows: list[list[Any]] = [_head(builder, ["Meeting", "Action", "Owner", "Status given", "Update"])]
    for review in reviews:
        for item in review.items:
            action = actions.get(item.action_id)
            rows.append(
                [
                    _cell(builder, _date(review.meeting_date)),
                    _cell(builder, action.description if action else "An action no longer in this plan"),
                    _cell(builder, ", ".join(p for p in (action.agency_name, action.lead) if p) if action else ""),
                    _cell(builder, item.status.label),
                    _cell(builder, item.note or "No update given."),
                ]
            )
    if len(rows) == 1:
        return []
    widths = [CONTENT_WIDTH * 0.14, CONTENT_WIDTH * 0.3, CONTENT_WIDTH * 0.18, CONTENT_WIDTH * 0.1]
    widths.append(CONTENT_WIDTH - sum(widths))
    return [
        builder._heading("Updates on actions at each review", "h2"),
        _grid(builder, rows, widths),
    ]


def _previous_actions(builder: ReportBuilder, plan: AssessmentPlan) -> list[Flowable]:
    earlier = plan.earlier
    if earlier is None:
        return []
    parts: list[Flowable] = [
        builder._heading(f"Previous actions (assessment of {_date(earlier.on)}) and what became of them", "h2")
    ]
    if earlier.last_review is not None and earlier.last_review.decision is not None:
        parts.append(
            builder.s.text(
                f"Last decision on that assessment: {earlier.last_review.decision.label} "
                f"({_date(earlier.last_review.meeting_date)}).",
                "intro",
            )
        )
    if not earlier.actions:
        return [*parts, builder.s.text("The earlier assessment had no actions.", "body")]
    rows: list[list[Any]] = [_head(builder, ["Action", "Owner", "Due", "What became of it", "Last update"])]
    for action in earlier.actions:
        last = next((u for u in reversed(action.history) if u.note), None)
        update = f"{_date(last.happened_on)}: {last.note}" if last else ""
        rows.append(
            [
                _cell(builder, action.description),
                _cell(builder, ", ".join(p for p in (action.agency_name, action.lead) if p)),
                _cell(builder, _date(action.due_date)),
                _cell(builder, earlier.outcome(action)),
                _cell(builder, update),
            ]
        )
    widths = [CONTENT_WIDTH * 0.3, CONTENT_WIDTH * 0.18, CONTENT_WIDTH * 0.12, CONTENT_WIDTH * 0.16]
    widths.append(CONTENT_WIDTH - sum(widths))
    parts.append(_grid(builder, rows, widths))
    return parts


def plan_section(builder: ReportBuilder) -> list[Flowable]:
    """Return the plan pages of the report (nothing when nothing was planned and there is no earlier assessment)."""
    plan = builder.assessment.plan
    if plan is None or (plan.is_empty and plan.earlier is None and not plan.carried):
        return []
    parts: list[Flowable] = [CondPageBreak(200), builder._heading("From findings to a plan")]
    if plan.carried:
        sides = ", ".join(builder.side_short_title(mark.side) for mark in plan.carried)
        parts.append(
            builder.s.text(
                f"Carried forward from the assessment of {_date(plan.carried[0].from_date)}: the write-up of "
                f"{sides} (marked in the text) and the open actions (marked below). Place ratings were judged again.",
                "intro",
            )
        )
    parts += _comparison(builder, plan)
    parts += _weighting(builder, plan)
    parts += _action_plan(builder, plan)
    parts += _reviews(builder, plan)
    parts += _previous_actions(builder, plan)
    parts.append(Spacer(0, 10))
    return parts
