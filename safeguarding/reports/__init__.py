"""PDF reports for the District Contextual Safeguarding Meeting (DCSM).

Public API: :func:`export_assessment_report` writes one assessment's DCSM report.
No Qt here: the UI passes a plain ``progress(fraction, message)`` callable.
"""

from safeguarding.reports.export import PROTECTIVE_MARKING, export_assessment_report

__all__ = ["PROTECTIVE_MARKING", "export_assessment_report"]
