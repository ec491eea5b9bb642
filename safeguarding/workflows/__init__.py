"""Qt-free workflows shared by the command line and the window.

Each runs one whole job over the store and files, takes a plain
``progress(fraction, message)`` callable (:mod:`safeguarding.progress`) where it is
long, and raises :class:`~safeguarding.errors.SafeguardingError` subclasses with
plain-English messages. ``app/`` and ``ui/`` call them; nothing in
``safeguarding/`` outside this folder imports it.

* :mod:`~safeguarding.workflows.export`: export an assessment's DCSM report (PDF);
* :mod:`~safeguarding.workflows.action_plan`: export an assessment's action plan (CSV);
* :mod:`~safeguarding.workflows.sharing_log`: record a file just exported in the sharing log;
* :mod:`~safeguarding.workflows.meeting_papers`: a DCSM meeting's papers: pack, minutes, action tracker (CSV);
* :mod:`~safeguarding.workflows.meetings`: a new meeting with its agenda, and finalising one;
* :mod:`~safeguarding.workflows.reassess`: reassess a location, carrying forward what may still be true;
* :mod:`~safeguarding.workflows.encrypt`: encrypt a plain database in place;
* :mod:`~safeguarding.workflows.restore`: go back to a backup;
* :mod:`~safeguarding.workflows.relocate`: put a database that was moved away back beside its key file.
"""
