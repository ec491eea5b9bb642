"""One durable editing model for every form of the window.

Every form that holds typed work is an :class:`~ui.editing.editable.Editable`:
it can say what is unsaved (as drafts), save it through the normal,
conflict-safe save, restore a draft, and describe its work in words. The
:class:`~ui.editing.keeper.DraftKeeper` writes the drafts of all of them to the
database a couple of seconds after each edit, answers "is everything saved?"
for the status line, and settles unsaved work before the user leaves (save, or
ask; never discard silently). :mod:`~ui.editing.conflicts` asks the user to
choose when another window saved the same field; :mod:`~ui.editing.restore`
offers drafts left by an app that did not close properly.
"""
