"""Uploads read in memory only: a file that must never be stored, not even in a temporary file (the signed-file
checks), up to a limit past which it is skipped and remembered as too large."""

from django.core.files.uploadhandler import MemoryFileUploadHandler, SkipFile


class InMemoryUpload(MemoryFileUploadHandler):
    """Every upload in memory, up to `limit` bytes; a larger file is skipped and `too_large` set. Install it as the
    request's only handler before the request's body is read: `request.upload_handlers = [handler]`."""

    def __init__(self, request, *, limit: int):
        super().__init__(request)
        self.limit, self.received, self.too_large = limit, 0, False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = True

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.too_large = True
            raise SkipFile
        return super().receive_data_chunk(raw_data, start)
