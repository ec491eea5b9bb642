"""Which editor page shows which kind of form section: a small registry.

Every page is a QWidget with this interface (:class:`AssessmentPage` states the
part every page has; the rest is looked up):

* ``load(assessment, location)``: show the assessment (called on open);
* ``apply(assessment)`` (optional): write in-memory edits into the assessment
  before the editor saves it;
* ``changed`` signal (optional): the page edited fields that the editor's
  autosave writes through ``AssessmentRepository.save``;
* ``records_changed`` signal (optional): the page saved its own records
  (visits, pins, photos...) straight away; the editor refreshes what it shows;
* ``record_saved`` signal (optional): the page saved one visit or pin (the record as
  stored is sent) and shows it already; the editor puts it in its in-memory copy of the
  assessment, without reading the assessment again;
* ``first_editor()`` (optional): the widget to focus when the page opens;
* the :class:`~ui.editing.editable.Editable` methods (optional): a page with a form
  of its own (a visit, a pin, a person...) registers with ``context.drafts`` so its
  typed work is kept as a draft and settled before leaving.

A feature adds a section kind to ``safeguarding.forms.SECTION_KINDS``, a section
to ``forms/location_assessment.toml`` and one ``register_page`` call below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from PySide6.QtWidgets import QWidget

from safeguarding.forms import FormDefinition, Section
from safeguarding.model import Assessment, Location
from safeguarding.store import Store
from ui.interaction import Interaction

if TYPE_CHECKING:
    from ui.editing.keeper import DraftKeeper


@dataclass(frozen=True)
class PageContext:
    """What every page may use: the form, the store, the way to ask the user, and the draft keeper.

    Attributes:
        drafts: Keeps the unsaved work of the page's forms (None: none kept, in some tests).
        user: The user's name (shown as who typed this window's version in a conflict).
    """

    form: FormDefinition
    store: Store
    interaction: Interaction
    drafts: DraftKeeper | None = None
    user: str = ""


@runtime_checkable
class AssessmentPage(Protocol):
    """What every editor page has: it shows an assessment of a location."""

    def load(self, assessment: Assessment, location: Location) -> None:
        """Show ``assessment`` (called when the editor opens it)."""


PageFactory = Callable[[Section, PageContext, QWidget], QWidget]
_FACTORIES: dict[str, PageFactory] = {}


def register_page(kind: str, factory: PageFactory) -> None:
    """Register the page factory for sections of ``kind``."""
    _FACTORIES[kind] = factory


def make_page(section: Section, context: PageContext, parent: QWidget) -> QWidget:
    """Build the page for ``section``.

    Raises:
        KeyError: if no page is registered for the section's kind.
    """
    return _FACTORIES[section.kind](section, context, parent)


def _register_builtin_pages() -> None:
    from ui.editor.form_page import FormPage
    from ui.editor.observations_page import ObservationsPage

    def form_page(section: Section, context: PageContext, parent: QWidget) -> QWidget:
        return FormPage(section, context.form, parent)

    def observations_page(section: Section, context: PageContext, parent: QWidget) -> QWidget:
        return ObservationsPage(
            context.form, context.store, context.interaction, parent, drafts=context.drafts, user=context.user
        )

    for kind in ("overview", "side", "summary"):
        register_page(kind, form_page)
    register_page("observations", observations_page)

    def photos_page(section: Section, context: PageContext, parent: QWidget) -> QWidget:
        from ui.editor.photos_page import PhotosPage

        return PhotosPage(
            section, context.form, context.store, context.interaction, parent, drafts=context.drafts, user=context.user
        )

    def consultations_page(section: Section, context: PageContext, parent: QWidget) -> QWidget:
        from ui.editor.consultations_page import ConsultationsPage

        return ConsultationsPage(
            section, context.form, context.store, context.interaction, parent, drafts=context.drafts, user=context.user
        )

    register_page("photos", photos_page)
    register_page("consultations", consultations_page)

    def map_page(section: Section, context: PageContext, parent: QWidget) -> QWidget:
        from ui.editor.map_page import MapPage  # the web view itself is built when first shown

        return MapPage(
            section, context.form, context.store, context.interaction, parent, drafts=context.drafts, user=context.user
        )

    register_page("map", map_page)

    def plan_pages(section: Section, context: PageContext, parent: QWidget) -> QWidget:
        from ui.editor.plan_page import PlanPage
        from ui.editor.reviews_page import ReviewsPage
        from ui.editor.weighting_page import WeightingPage

        factory = {"weighting": WeightingPage, "plan": PlanPage, "reviews": ReviewsPage}[section.kind]
        return factory(section, context, parent)

    for kind in ("weighting", "plan", "reviews"):
        register_page(kind, plan_pages)


_register_builtin_pages()


def _people_page(section: Section, context: PageContext, parent: QWidget) -> QWidget:
    from ui.editor.people_page import PeoplePage

    return PeoplePage(section, context, parent)


register_page("people", _people_page)


def _place_pages(section: Section, context: PageContext, parent: QWidget) -> QWidget:
    from ui.editor.police_page import PolicePage
    from ui.editor.safety_page import SafetyPage

    factory = {"police": PolicePage, "safety_mapping": SafetyPage}[section.kind]
    return factory(section, context.store, context.interaction, parent, drafts=context.drafts, user=context.user)


for _kind in ("police", "safety_mapping"):
    register_page(_kind, _place_pages)
