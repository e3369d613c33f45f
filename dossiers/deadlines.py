"""The legal time limits a dossier runs against (QĐ 26/2026 Điều 7.2 and 7.6.g), computed in one place.

- The commune checks a dossier within **15 working days** of receiving it ("15 ngày làm việc"): weekends,
  holidays and configured days off are skipped (`workdays`).
- A re-evaluation at expiry takes **at most 45 days** "kể từ ngày nhận đủ hồ sơ đề nghị của UBND cấp xã",
  i.e. from the day the provincial OCOP agency receives the commune's complete dossier. These are calendar
  days: the same decision writes "ngày làm việc" where it means working days (Điều 7.2) and plain "ngày" here
  and for the 15 days of a withdrawal (Điều 8.4), and a period counted in days is counted in calendar days,
  the first day not counted (Bộ luật Dân sự 2015, Điều 147). A dossier returned for completion and received
  again starts a new 45 days: the limit runs from the complete dossier.

Which limit runs now, and whether it has passed, is `Application.current_deadline` / `is_overdue`."""

import datetime

from .workdays import add_working_days

COMMUNE_WORKING_DAYS = 15
REEVALUATION_DAYS = 45


def commune_deadline(received: datetime.date) -> datetime.date:
    return add_working_days(received, COMMUNE_WORKING_DAYS)


def reevaluation_deadline(received: datetime.date) -> datetime.date:
    return received + datetime.timedelta(days=REEVALUATION_DAYS)
