"""DCSM meetings: the register, agendas built from it, meetings and what each one saw.

Records are in :mod:`safeguarding.meetings.records`, the register's rules in
:mod:`~safeguarding.meetings.register`, the agenda in :mod:`~safeguarding.meetings.agenda`,
the checks before saving or finalising in :mod:`~safeguarding.meetings.rules`, and the
frozen version of each assessment a finalised meeting considered in
:mod:`~safeguarding.meetings.snapshot`. Storage is :mod:`safeguarding.store.meetings`;
finalising and the papers are workflows (:mod:`safeguarding.workflows.meetings`).
"""
