class SigningError(Exception):
    """Signing could not go ahead (no key configured, missing or expired certificate, wrong PIN, ...). The
    message is for the user, already translated; nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
