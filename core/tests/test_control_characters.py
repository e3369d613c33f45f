"""Control characters are refused at the boundary (core.middleware.RejectControlCharactersMiddleware), for every
URL the project serves: the walk below builds a concrete URL for each pattern in the URL configuration, so a new
endpoint is covered the day it is added."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

NUL_VALUE = "A%00B"
PLAIN_VALUE = "A1"
CONVERTER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _group_end(regex: str, start: int) -> int:
    """The index just past the group opening at `start` (groups may nest; escapes are skipped)."""
    depth, index = 0, start
    while index < len(regex):
        char = regex[index]
        if char == "\\":
            index += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    raise ValueError(f"unbalanced group in {regex!r}")


def _from_regex(regex: str, value: str) -> str:
    regex = regex.removeprefix("^").removesuffix("$").removesuffix("\\Z")
    out, index = [], 0
    while index < len(regex):
        if regex.startswith("(", index):
            out.append(value)
            index = _group_end(regex, index)
        elif regex.startswith("\\", index):
            out.append(regex[index + 1])
            index += 2
        elif regex.startswith("/?", index):
            out.append("/")
            index += 2
        else:
            out.append(regex[index])
            index += 1
    url = "".join(out)
    # A construct this walker does not know must fail here, not be skipped silently.
    assert not set(url) & set("^$?*+[]{}|()"), f"extend the URL walker for the pattern {regex!r}"
    return url


def _piece(pattern, value: str) -> str:
    if isinstance(pattern, RoutePattern):
        return CONVERTER.sub(lambda m: "1" if m["converter"] == "int" else value, str(pattern))
    assert isinstance(pattern, RegexPattern), f"unknown pattern type {type(pattern)}"
    return _from_regex(str(pattern), value)


def concrete_urls(value: str) -> list[str]:
    """One URL for every pattern of the project's URL configuration, each parameter filled with `value`."""
    urls = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            piece = prefix + _piece(entry.pattern, value)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, piece)
            else:
                assert isinstance(entry, URLPattern)
                urls.append("/" + piece)

    walk(get_resolver().url_patterns, "")
    return sorted(set(urls))


def test_url_walker_fills_every_parameter():
    urls = concrete_urls(NUL_VALUE)
    assert "/s/A%00B/" in urls
    assert "/01/A%00B/10/A%00B/21/A%00B/" in urls
    assert "/dia-ban/A%00B/A%00B/A%00B/" in urls
    assert "/api/v1/products/A%00B/" in urls
    assert len(urls) > 100


def _parametrised(urls: list[str]) -> list[str]:
    return [url for url in urls if "%00" in url]


@pytest.fixture(params=["anonymous", "officer"])
def visitor(request, client, erin):
    # Collect every status code instead of stopping at the first exception.
    client.raise_request_exception = False
    if request.param == "officer":
        client.force_login(erin)
    return client


@pytest.mark.django_db
def test_nul_in_any_path_parameter_is_not_found(visitor):
    answers = {}
    for url in _parametrised(concrete_urls(NUL_VALUE)):
        for method in (visitor.get, visitor.post):
            answers[(method.__name__, url)] = method(url).status_code
    assert {key: code for key, code in answers.items() if code != 404} == {}


@pytest.mark.django_db
def test_nul_in_the_query_of_any_url_is_bad_request(visitor):
    answers = {url: visitor.get(url + "?q=%00").status_code for url in concrete_urls(PLAIN_VALUE)}
    assert {url: code for url, code in answers.items() if code != 400} == {}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/s/%00",
        "/s/A%00B",
        "/01/08937654500018/10/%00/21/%00",
        "/san-pham-ocop/%00/",
        "/chu-the-ocop/%00/",
        "/chung-nhan/%00/",
        "/dia-ban/2025/%00/%00/",
        "/s/A%01B/",
        "/s/A%1FB/",
        "/s/A%7FB/",
        "/s/A%0AB/",
    ],
)
def test_control_character_in_path_is_not_found(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_control_character_in_query_gets_a_vietnamese_message(client):
    response = client.get("/san-pham-ocop/?q=ch%00e")
    assert response.status_code == 400
    assert "Tham số “q” chứa ký tự điều khiển không hợp lệ." in response.content.decode()


@pytest.mark.django_db
def test_control_character_in_a_query_key_is_bad_request(client):
    assert client.get("/san-pham-ocop/?a%00b=1").status_code == 400


@pytest.mark.django_db
def test_control_character_in_api_query_answers_json(erin, client):
    client.force_login(erin)
    response = client.get("/api/v1/products/?producer=%00")
    assert response.status_code == 400
    assert response.json()["errors"] == {"producer": ["Tham số “producer” chứa ký tự điều khiển không hợp lệ."]}


@pytest.mark.django_db
def test_control_character_in_api_path_answers_json(erin, client):
    client.force_login(erin)
    response = client.get("/api/v1/products/A%00B/")
    assert response.status_code == 404
    assert response.json()["detail"] == "Không tìm thấy."


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["ch%E1%BA%A1e%09", "d%C3%B2ng%0D%0Ahai"])
def test_tab_and_line_breaks_in_query_values_are_allowed(client, value):
    # Text pasted from a spreadsheet cell keeps its tab or line break; the search strips them.
    assert client.get(f"/san-pham-ocop/?q={value}").status_code == 200
