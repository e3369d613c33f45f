"""The schema browsers, served from the vendored sidecar files. Our templates drop the inline styles and
scripts (and Redoc's web fonts) of drf-spectacular's defaults, so that Swagger UI works under our CSP as is."""

from csp.decorators import csp_update
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView


class SwaggerView(SpectacularSwaggerSplitView):
    url_name = "api:schema"
    template_name = "api/swagger_ui.html"


class RedocView(SpectacularRedocView):
    url_name = "api:schema"
    template_name = "api/redoc.html"


# Redoc styles itself with styled-components, which writes <style> elements at run time and cannot be given a
# nonce from outside its bundle, and runs its search index in a worker made from a blob: this page alone
# allows both. It shows no user content.
redoc = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["blob:"]})(RedocView.as_view())
