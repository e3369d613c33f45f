"""English pages that show a score sheet keep its criteria in Vietnamese and say why."""

from django.conf import settings
from django.urls import reverse

NOTICE = 'class="legal-text-notice"'


def test_self_assessment_in_english_says_the_criteria_are_the_vietnamese_legal_text(client, alice, draft):
    client.force_login(alice)
    url = reverse("dossiers:self_assessment", args=[draft.code])
    assert NOTICE not in client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(url).content.decode()
    assert NOTICE in html
    assert "Quyết định 26/2026/QĐ-TTg" in html
    assert "1.1 Nguồn nguyên liệu" in html  # the sheet itself stays as the decision prints it
