"""Keep Slack tokens and secrets out of log output, whoever logs them.

slack_sdk already hides the Authorization header, but at DEBUG level it logs whole response
bodies, and `oauth.v2.access` answers with the new workspace's bot token. A filter on the log
handlers rewrites every record that passes: Slack token shapes (`xoxb-`, `xoxp-`, `xapp-`, ...)
and the configured secrets' literal values become `[redacted]`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

__all__ = ["TokenRedactor", "install_redaction"]

TOKEN_RE = re.compile(r"\b(?:xox[abeoprs]|xapp|xoxe\.xox[bp])-[A-Za-z0-9-]+")
MASK = "[redacted]"


class TokenRedactor(logging.Filter):
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if s and len(s) >= 8}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        text = TOKEN_RE.sub(MASK, text)
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self.redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True


def install_redaction(
    secrets: Iterable[str] = (), handlers: Iterable[logging.Handler] | None = None
) -> TokenRedactor:
    """Attach one redactor to the given handlers (default: the root logger's)."""
    redactor = TokenRedactor(secrets)
    for handler in handlers if handlers is not None else logging.getLogger().handlers:
        handler.addFilter(redactor)
    return redactor
