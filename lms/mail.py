"""The development e-mail backend: each message printed as a person reads it.

Django's console backend prints the raw MIME message, in which Thai text is base64 and
unreadable. This one prints the headers that matter and every text part decoded, so a developer
running `make demo` can read (and click) what the system sends.
"""

from email import policy
from email.parser import BytesParser

from django.core.mail.backends.console import EmailBackend as ConsoleBackend

HEADERS = ("From", "To", "Cc", "Reply-To", "Subject", "Date")


def readable(message) -> str:
    """The message's main headers, then each text part (plain first), decoded."""
    parsed = BytesParser(policy=policy.default).parsebytes(message.message().as_bytes())
    lines = [f"{name}: {parsed[name]}" for name in HEADERS if parsed[name]]
    for part in parsed.walk():
        if part.get_content_maintype() == "text" and not part.is_attachment():
            lines += ["", f"[{part.get_content_type()}]", part.get_content().rstrip()]
        elif part.is_attachment():
            lines += ["", f"[attachment: {part.get_filename()} ({part.get_content_type()})]"]
    return "\n".join(lines)


class ReadableConsoleBackend(ConsoleBackend):
    def write_message(self, message):
        self.stream.write(readable(message) + "\n")
        self.stream.write("-" * 79 + "\n")
