"""Police data around a place: police.uk street-level crime and anti-social behaviour, kept offline.

:mod:`~safeguarding.crime.police_csv` reads the monthly files (or their zip),
:mod:`~safeguarding.crime.importer` stores them through the store's
:class:`~safeguarding.store.crime.CrimeRepository` (a month re-imported replaces
the earlier copy), and :mod:`~safeguarding.crime.summary` works out the figures
for one assessment: counts by crime type inside the boundary and within a chosen
distance, for the twelve months before the assessment and the twelve before
that, by month, and by street. The caveats police.uk gives travel with the figures
(:data:`~safeguarding.crime.summary.CAVEATS`).
"""
