def test_home_page_renders_for_anonymous_visitor(client, db):  # the shop window reads the catalogue
    response = client.get("/")
    assert response.status_code == 200
    assert "OCOP" in response.content.decode()
