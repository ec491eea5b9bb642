"""The assessment editor (:mod:`~ui.editor.editor`) and its pages, one per kind of form section.

:mod:`~ui.editor.registry` says which page shows which section. Dialogs and menus of
the plan and data protection features live in ``ui/plan/`` and ``ui/protection/``.
"""
