"""English pages that show a score sheet keep its criteria in Vietnamese and say why."""

from django.conf import settings
from django.urls import reverse

NOTICE = 'class="legal-text-notice"'


def test_member_sheet_in_english_carries_the_legal_text_notice(client, evaluation_a, members):
    client.force_login(members[1])
    sheet = reverse("evaluation:sheet", args=[evaluation_a.code])
    assert NOTICE not in client.get(sheet).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert NOTICE in client.get(sheet).content.decode()
