from rest_framework import serializers

from dossiers.domain.documents import METADATA_FIELDS
from dossiers.models import Document, DocumentKind

from ..schema import EnumChoiceField
from .messages import VietnameseFields, VietnameseSerializer


class DocumentSerializer(serializers.ModelSerializer):
    """A file of a producer's document library: its metadata, never its storage path; the file itself is at
    `download`."""

    url = serializers.HyperlinkedIdentityField(view_name="api:v1:document-detail", lookup_field="code")
    download = serializers.HyperlinkedIdentityField(view_name="api:v1:document-download", lookup_field="code")
    kind = EnumChoiceField(DocumentKind)
    is_expired = serializers.BooleanField(read_only=True, help_text="Its validity date has passed.")
    dossiers = serializers.IntegerField(
        source="dossier_count", read_only=True, help_text="How many of the producer's dossiers it is attached to."
    )

    class Meta:
        model = Document
        fields = [
            "url",
            "code",
            "kind",
            "title",
            "valid_until",
            "is_expired",
            "content_type",
            "size",
            "sha256",
            "uploaded_at",
            "dossiers",
            "download",
        ]
        read_only_fields = fields


class DocumentUploadSerializer(serializers.Serializer):
    """Documents the multipart upload; the library page's own form reads it."""

    file = serializers.FileField(help_text="PDF, JPEG or PNG, at most MAX_DOCUMENT_BYTES.")
    kind = EnumChoiceField(DocumentKind)
    title = serializers.CharField(max_length=255)
    valid_until = serializers.DateField(required=False, help_text="For a document with a validity (YYYY-MM-DD).")


class DocumentUploadedSerializer(DocumentSerializer):
    created = serializers.BooleanField(
        read_only=True,
        help_text="False when the library already held the same content: that document was kept (and took the "
        "kind, title and validity given).",
    )

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "created"]
        read_only_fields = fields


class DocumentUpdateSerializer(VietnameseFields, serializers.ModelSerializer):
    kind = EnumChoiceField(DocumentKind, required=False)

    class Meta:
        model = Document
        fields = list(METADATA_FIELDS)


class AttachSerializer(VietnameseSerializer):
    document = serializers.CharField(max_length=10, help_text="The library document's `code`.")
    criterion_code = serializers.CharField(
        max_length=10, required=False, allow_blank=True, default="", help_text="The sheet line; blank: the dossier."
    )
