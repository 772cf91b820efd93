"""The mailing list: sign-up with double opt-in, the record of consent (CASL), unsubscribe
without signing in, and the coordinators' counts and export.

``consent.py`` (the wording, versioned), ``tokens.py`` (the signed links), ``ratelimit.py``
(sign-up attempts per IP address and per email address), ``services.py`` (writes),
``selectors.py`` (reads), ``tasks.py`` (deleting sign-ups never confirmed), thin
``views.py``. The model, ``Subscription``, is in ``portal/models.py``.
"""
