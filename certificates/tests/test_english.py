"""English pages that show a score sheet keep its criteria in Vietnamese and say why."""

from django.conf import settings

NOTICE = 'class="legal-text-notice"'


def test_council_results_in_english_carry_the_legal_text_notice(client, recognised, erin):
    """The certificate's transparency table and the closed evaluation's result both list the sheet's lines."""
    certificate, evaluation = recognised
    client.force_login(erin)
    for url in (certificate.get_absolute_url(), evaluation.get_absolute_url()):
        assert NOTICE not in client.get(url).content.decode(), url
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for url in (certificate.get_absolute_url(), evaluation.get_absolute_url()):
        assert NOTICE in client.get(url).content.decode(), url
