"""Each model's editable fields are declared once, in its domain, and the forms and API serializers that take
them read that list: a field added there reaches the page and the API in the same order."""

from accounts import domain as accounts
from accounts.forms import UserForm
from api.serializers.producers import ProducerSerializer, ProducerWriteSerializer
from api.serializers.products import (
    IntellectualPropertySerializer,
    ProductCreateSerializer,
    ProductSerializer,
    ProductUpdateSerializer,
)
from dossiers.domain import applications, documents
from dossiers.forms import ApplicationForm, DocumentEditForm
from evaluation.domain import rounds
from evaluation.forms import RoundForm
from producers import domain as producers
from producers.forms import ProducerForm
from products import domain as products
from products.forms import IntellectualPropertyForm, ProductForm


def test_producer_fields_come_from_the_domain():
    editable = list(producers.EDITABLE_FIELDS)
    at = editable.index("area")

    assert ProducerForm.Meta.fields == editable
    # The API names the commune by its official code and era, and shows today's units beside it.
    assert ProducerWriteSerializer.Meta.fields == [*editable[:at], "area_code", "area_era", *editable[at + 1 :]]
    assert ProducerSerializer.Meta.fields[2:-5] == [
        *editable[: at + 1],
        "current_commune",
        "current_province",
        *editable[at + 1 :],
    ]


def test_product_fields_come_from_the_domain():
    editable = list(products.EDITABLE_FIELDS)

    assert ProductForm.Meta.fields == editable
    assert ProductUpdateSerializer.Meta.fields == editable
    assert ProductCreateSerializer.Meta.fields == [*editable, "producer"]
    shown = [name for name in ProductSerializer.Meta.fields if name not in ("producer", "serial_area")]
    assert shown[3:-4] == editable


def test_intellectual_property_fields_come_from_the_domain():
    assert IntellectualPropertyForm.Meta.fields == list(products.IP_TITLE_FIELDS)
    assert IntellectualPropertySerializer.Meta.fields == list(products.IP_TITLE_FIELDS)


def test_account_dossier_document_and_round_forms_take_the_domains_fields():
    assert UserForm.Meta.fields == list(accounts.EDITABLE_FIELDS)
    assert ApplicationForm.Meta.fields == list(applications.FORM_FIELDS)
    assert DocumentEditForm.Meta.fields == list(documents.METADATA_FIELDS)
    assert RoundForm.Meta.fields == list(rounds.ROUND_EDITABLE)
