"""The one instrument of the fault tests: a process that stops for good right after a chosen SQL statement, so
that the test kills it (SIGKILL) at a known point inside the job instead of racing it. Nothing of the job is
replaced: the statement runs, then the process sleeps until it is killed.

Set in the child's environment: FAULT_PAUSE_SQL (a regular expression searched in each statement),
FAULT_PAUSE_AFTER (the how-manieth matching statement, 1 by default) and FAULT_PAUSE_FILE (written, with the
process id, once the process has stopped there). Without FAULT_PAUSE_SQL nothing is installed."""

import os
import re
import time

from django.db import connections
from django.db.backends.signals import connection_created


class Pause:
    def __init__(self, pattern: str, after: int, signal_file: str):
        self.pattern, self.after, self.signal_file, self.seen = re.compile(pattern), after, signal_file, 0

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if self.pattern.search(sql):
            self.seen += 1
            if self.seen == self.after:
                with open(self.signal_file + ".part", "w") as marker:
                    marker.write(str(os.getpid()))
                os.replace(self.signal_file + ".part", self.signal_file)
                while True:  # until the test kills this process
                    time.sleep(3600)
        return result


def install() -> None:
    pattern = os.environ.get("FAULT_PAUSE_SQL")
    if not pattern:
        return
    pause = Pause(pattern, int(os.environ.get("FAULT_PAUSE_AFTER", "1")), os.environ["FAULT_PAUSE_FILE"])

    def attach(sender, connection, **kwargs):
        if pause not in connection.execute_wrappers:
            connection.execute_wrappers.append(pause)

    connection_created.connect(attach, weak=False)
    for connection in connections.all(initialized_only=True):
        attach(None, connection)
