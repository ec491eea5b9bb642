"""Data protection: redaction by pseudonym, the retention rule, and an assessment's history in words.

* :mod:`~safeguarding.protection.redaction`: every recorded real name becomes its pseudonym;
  :mod:`~safeguarding.protection.name_matching` finds names however they are typed,
  :mod:`~safeguarding.protection.everyday_words` lists the names that are also everyday words,
  :mod:`~safeguarding.protection.leak_check` reads a redacted file back before it is kept;
* :mod:`~safeguarding.protection.retention_rule`: when a closed assessment is due for deletion
  (stored and purged by :mod:`safeguarding.store.retention`);
* :mod:`~safeguarding.protection.history`: the audit trail (:mod:`safeguarding.store.audit`)
  in plain words, and as CSV.
"""
