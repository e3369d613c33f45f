"""The soak's setup step, run by bench/soak/run.py with the deployment's settings (var/prod/env): what the load
needs from the database, written to one JSON file that the locustfile reads.

- API tokens, made the way a user makes one (`api.tokens.create_token`: read-only, valid until tomorrow, audited),
  for a provincial officer, a commune officer, the inspector and the ministry; the soak tokens of an earlier run
  are revoked first (`api.tokens.revoke_token`), so runs do not pile up live tokens.
- The demo's stamps as the path their QR code opens (`stamps.links.stamp_url`: the GS1 Digital Link with GTIN and
  lot, or `/s/<serial>`), revoked ones included (their page is a real verdict too), and well-formed serials that
  no stamp has (`stamps.serials.new_serials`).

    .venv/bin/python bench/soak/plan.py OUT.json   (with the deployment's environment loaded)"""

import datetime
import json
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
TOKEN_NAME = "Kiểm thử tải (bench/soak)"
API_USERS = ["tinh.hanoi", "xa.battrang", "thanhtra", "bo"]
UNKNOWN_SERIALS = 200


def main(out: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ocop.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from api import tokens
    from api.models import ApiToken
    from stamps.links import stamp_url
    from stamps.models import Stamp
    from stamps.serials import new_serials

    users = get_user_model().objects.in_bulk(API_USERS, field_name="username")
    missing = sorted(set(API_USERS) - set(users))
    if missing:
        raise SystemExit(f"plan: demo accounts missing: {', '.join(missing)} (was seed_demo run?)")
    api_tokens = {}
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    for username, user in users.items():
        for old in ApiToken.objects.filter(user=user, name=TOKEN_NAME, revoked_at__isnull=True):
            tokens.revoke_token(token=old, by=user)
        _, raw = tokens.create_token(user=user, name=TOKEN_NAME, expires_on=tomorrow, scopes=[], by=user)
        api_tokens[username] = raw

    stamps = [
        {"serial": serial, "path": urlsplit(stamp_url(serial, gtin=gtin or "", lot=lot)).path}
        for serial, gtin, lot in Stamp.objects.order_by("id").values_list(
            "serial", "batch__product__gtin", "batch__lot"
        )
    ]
    if not stamps:
        raise SystemExit("plan: the database has no stamps (was seed_demo run?)")
    known = {stamp["serial"] for stamp in stamps}
    unknown = [serial for serial in new_serials(UNKNOWN_SERIALS) if serial not in known]
    plan = {"tokens": api_tokens, "stamps": stamps, "unknown_serials": unknown}
    out.write_text(json.dumps(plan, ensure_ascii=False, indent=1))
    print(f"plan: {len(api_tokens)} API tokens, {len(stamps)} stamps, {len(unknown)} unknown serials → {out}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]))
