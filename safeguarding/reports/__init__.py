"""PDF reports for the District Contextual Safeguarding Meeting (DCSM).

Public API: :func:`export_assessment_report` (in :mod:`safeguarding.reports.export`)
writes one assessment's DCSM report. No Qt here: the UI passes a plain
``progress(fraction, message)`` callable. The names are imported when first used
(:mod:`safeguarding.lazy_exports`), so importing one module of this package never
loads all the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from safeguarding.lazy_exports import lazy_exports

if TYPE_CHECKING:  # for type checkers and readers; never run
    from safeguarding.reports.export import PROTECTIVE_MARKING, export_assessment_report

__getattr__ = lazy_exports(
    __name__, {"safeguarding.reports.export": ("PROTECTIVE_MARKING", "export_assessment_report")}
)

__all__ = ["PROTECTIVE_MARKING", "export_assessment_report"]
