"""Secrets in URLs never reach a log: invitation tokens, password-reset keys, and the
links of the mailing list's emails (confirm, unsubscribe).

An invitation link (``/en/invitations/<token>/``) and a password-reset link
(``/en/accounts/password/reset/key/<key>/``) carry a secret that lets whoever reads it
act as the invitee. Access logs (gunicorn: ``--logger-class
portal.core.redaction.RedactingGunicornLogger``) and the application's own logs (the
``RedactSecretsFilter`` on every handler, see ``LOGGING``) replace that segment with
``[redacted]``.
"""

from __future__ import annotations

import logging
import re

REDACTED = "[redacted]"
_SECRET_SEGMENTS = re.compile(
    r"(/invitations/|/password/reset/key/"
    # The mailing list's confirmation and unsubscribe links (portal/mailing/tokens.py).
    r"|/mailing-list/confirm/|/mailing-list/unsubscribe/"
    r"|/liste-de-diffusion/confirmer/|/liste-de-diffusion/desabonnement/)"
    r"(?!" + re.escape(REDACTED) + r")[^/\s?#\"']+"
)


def redact(text: str) -> str:
    return _SECRET_SEGMENTS.sub(lambda m: m.group(1) + REDACTED, text)


class RedactSecretsFilter(logging.Filter):
    """Rewrite each record's message with its secrets redacted (after formatting)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # gunicorn is only in the production image and the benchmarks
    _GunicornLogger = None

if _GunicornLogger is not None:

    class RedactingGunicornLogger(_GunicornLogger):
        """gunicorn's logger, with secrets redacted from every access-log field."""

        def atoms(self, resp, req, environ, request_time):
            atoms = super().atoms(resp, req, environ, request_time)
            return {key: redact(value) if isinstance(value, str) else value
                    for key, value in atoms.items()}
