"""Safety mapping with young people: sessions, the marks made in them, and their tally across sessions.

In a safety-mapping session (Hackney's practice in the Contextual Safeguarding
toolkit) young people mark on a map where they feel safe or unsafe, where they
avoid, and the routes they take. Repeated across sessions the marks show
patterns and change. A session records who took part by role and number, never
by name (:mod:`~safeguarding.safety_mapping.model`); the marks are tallied by
place (:mod:`~safeguarding.safety_mapping.tally`) and compared between an
assessment and its reassessment.
"""
