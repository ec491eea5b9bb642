"""Data protection: redaction by pseudonym, the retention rule, history in words, sharing log, subject access.

* :mod:`~safeguarding.protection.redaction`: every recorded real name becomes its pseudonym;
  :mod:`~safeguarding.protection.name_matching` finds names however they are typed,
  :mod:`~safeguarding.protection.everyday_words` lists the names that are also everyday words,
  :mod:`~safeguarding.protection.leak_check` reads a redacted file back before it is kept;
* :mod:`~safeguarding.protection.retention_rule`: when a closed assessment is due for deletion
  (stored and purged by :mod:`safeguarding.store.retention`);
* :mod:`~safeguarding.protection.history`: the audit trail (:mod:`safeguarding.store.audit`)
  in plain words, and as CSV;
* :mod:`~safeguarding.protection.sharing`: the sharing log (what left the app, which copy, when,
  by whom, for whom and why; stored by :mod:`safeguarding.store.sharing`);
* :mod:`~safeguarding.protection.subject_access`: every record that names a registered person,
  for a subject access request (the texts read by :mod:`safeguarding.store.subject_access`).
"""
