"""Field evidence: observation visit details and coverage, photos, consultations.

Qt-free domain code. Storage lives in :mod:`safeguarding.store.photos` and
:mod:`safeguarding.store.consultations`; visit details are stored with the
visits by :mod:`safeguarding.store.observations`.
"""
