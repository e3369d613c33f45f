from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput

from .domain.rounds import ROUND_EDITABLE
from .layout import knockout_lines, stop_rule_lines
from .models import CouncilMembership, CouncilRegulation, Evaluation, Round, SiteVisit


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = list(ROUND_EDITABLE)
        widgets = {"proposal_cutoff": DateInput(), "evaluate_by": DateInput()}
        help_texts = {
            "proposal_cutoff": _("Hồ sơ được đề xuất đến ngày này thuộc đợt đánh giá."),
            "council_decision": _("Số quyết định thành lập hội đồng, tổ tư vấn (nếu đã có)."),
        }

    def _post_clean(self):
        # The domain function checks the dates and the organiser's right.
        pass

    def domain_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class MemberForm(forms.Form):
    """A seat in the council. The accounts offered are those that may take the chosen role: changing the role
    reloads them (htmx GET of `reload_url` with the new role), as the seat links above the form do."""

    role = forms.ChoiceField(label=_("Vai trò"), choices=CouncilMembership.Role.choices)
    user = forms.ModelChoiceField(label=_("Tài khoản"), queryset=None)
    agency = forms.CharField(label=_("Cơ quan"), required=False, max_length=200)

    def __init__(self, *args, accounts, reload_url: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].widget.attrs.update(
            {"hx-get": reload_url, "hx-target": "#id_user", "hx-swap": "outerHTML", "hx-push-url": "true"}
        )
        self.fields["user"].queryset = accounts
        self.fields["user"].label_from_instance = lambda user: (
            f"{user} ({user.get_username()}, {user.get_role_display()})"
        )


class AssignForm(forms.Form):
    applications = forms.ModelMultipleChoiceField(
        label=_("Hồ sơ"), queryset=None, widget=forms.CheckboxSelectMultiple, to_field_name="code"
    )

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = applications


class SiteVisitForm(forms.ModelForm):
    class Meta:
        model = SiteVisit
        fields = ["kind", "date", "findings"]
        widgets = {"date": DateInput()}

    def _post_clean(self):
        pass


class RegulationForm(forms.ModelForm):
    class Meta:
        model = CouncilRegulation
        fields = ["quorum", "max_gap"]
        localized_fields = ["max_gap"]
        help_texts = {
            "quorum": _("Phiên đánh giá chỉ kết thúc được khi có ít nhất chừng này phiếu đã nộp."),
            "max_gap": _(
                "Tổng điểm của các thành viên chênh nhau quá mức này thì kết quả bị đánh dấu để thảo luận lại."
            ),
        }

    def _post_clean(self):
        pass


class DecisionForm(forms.Form):
    # Left out, the result's own outcome applies (the first choice).
    outcome = forms.ChoiceField(label=_("Quyết định"), widget=forms.RadioSelect, required=False)
    decision_number = forms.CharField(label=_("Số quyết định, văn bản"), required=False, max_length=50)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DateInput())
    signer = forms.CharField(label=_("Người ký"), required=False, max_length=150)
    reason = forms.CharField(label=_("Ghi chú, lý do"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, outcomes: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["outcome"]
        field.choices = outcomes
        field.initial = outcomes[0][0]
        if len(outcomes) == 1:
            # Nothing to choose: the result decides.
            field.widget = forms.HiddenInput()


class MeetingForm(forms.Form):
    reason = forms.CharField(
        label=_("Nội dung phức tạp cần họp thảo luận"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class InspectionFlagForm(forms.Form):
    ground = forms.ChoiceField(
        label=_("Căn cứ kiểm tra thực tế"), choices=Evaluation.InspectionGround.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Lý do mở lại"), widget=forms.Textarea(attrs={"rows": 3}))


class ScoreSheetForm(forms.Form):
    """A member's sheet: one choice per leaf (the option's position; 0/1 for a yes/no item), the "Hồ sơ bị
    loại khi" lines and stop rules ticked, and the member's opinion. Every field is optional here: a draft
    may be incomplete, and completeness is the engine's check on submission."""

    comment = forms.CharField(
        label=_("Ý kiến của người đánh giá"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, layout, **kwargs):
        super().__init__(*args, **kwargs)
        self.layout = layout
        for leaf in layout.leaves:
            self.fields[leaf.field_name] = forms.TypedChoiceField(
                label=leaf.code,
                required=False,
                coerce=int,
                empty_value=None,
                choices=[(choice.position, choice.label) for choice in leaf.choices],
            )
        self.fields["knockouts"] = forms.TypedMultipleChoiceField(
            required=False, coerce=int, choices=list(enumerate(knockout_lines(layout)))
        )
        self.fields["stops"] = forms.MultipleChoiceField(required=False, choices=list(stop_rule_lines(layout).items()))

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "choices": {leaf.code: data.get(leaf.field_name) for leaf in self.layout.leaves},
            "knockouts": data.get("knockouts") or [],
            "stops": data.get("stops") or [],
            "comment": data.get("comment") or "",
        }
