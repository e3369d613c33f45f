"""What waits for a user, for the home page: one list per kind of work, each read through `visible_to` and the
acting rules of its app, with the legal deadline of the step and whether it has passed. Which lists a role sees is
`PANELS`, declared once here."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Role
from certificates.models import Certificate, CertificateStatus
from certificates.queries import status_q
from certificates.rules import MINISTRY_STARS
from certificates.validity import filing_window
from dossiers.models import FINAL_STATUSES, Application, ApplicationKind, ApplicationStatus
from dossiers.presentation import waiting_for
from evaluation import rules as evaluation_rules
from evaluation.models import CouncilMembership, Evaluation, Level, Round
from history import jobs as history_jobs
from history.models import ImportJob
from inspections.models import OPEN, Inspection, Outcome
from market import matching
from market import rules as market_rules
from market.models import Buyer, Demand
from producers.models import Producer
from stamps import domain as stamp_domain
from stamps.models import StampBatch


@dataclass(frozen=True)
class Item:
    label: str
    url: str
    note: str = ""
    deadline: datetime.date | None = None
    overdue: bool = False


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    # All the work waiting, of which the page shows the first PANEL_LIMIT items; the rest is on `more_url`.
    total: int = 0
    more_url: str = ""

    @property
    def more(self) -> int:
        return self.total - len(self.items)


# A home page shows the most urgent work of each kind; the whole list is on its own page.
PANEL_LIMIT = 10


class Work(list):
    """A work list read only up to a limit, with the number of all the items (`total`; None: the list is whole)."""

    def __init__(self, items=(), *, total: int | None = None):
        super().__init__(items)
        self.total = len(self) if total is None else total


def _by_deadline(items: list[Item]) -> list[Item]:
    # Overdue first, then the nearest deadline; work without a deadline last, in the order it came.
    return sorted(items, key=lambda i: (not i.overdue, i.deadline is None, i.deadline or datetime.date.max))


def dossiers_to_check(user, *, today: datetime.date) -> list[Item]:
    """Dossiers submitted to the commune, waiting for its check within 15 working days (dossiers.deadlines)."""
    dossiers = Application.objects.visible_to(user).filter(status=ApplicationStatus.SUBMITTED)
    return _by_deadline(
        [
            Item(
                label=str(a),
                url=a.get_absolute_url(),
                note=a.product.producer.name,
                deadline=a.commune_deadline,
                overdue=a.commune_deadline is not None and a.commune_deadline < today,
            )
            for a in dossiers.select_related("product__producer")
        ]
    )


def producers_to_verify(user, *, today: datetime.date) -> list[Item]:
    producers = Producer.objects.visible_to(user).filter(status=Producer.Status.PENDING).order_by("created_at")
    return [
        Item(
            label=p.name,
            url=p.get_absolute_url(),
            note=_("Đăng ký ngày %(date)s") % {"date": f"{timezone.localdate(p.created_at):%d/%m/%Y}"},
        )
        for p in producers
    ]


def dossiers_to_receive(user, *, today: datetime.date) -> list[Item]:
    """Dossiers the commune forwarded, waiting for the province to receive them."""
    dossiers = Application.objects.visible_to(user).filter(status=ApplicationStatus.COMMUNE_REVIEWED)
    return [
        Item(label=str(a), url=a.get_absolute_url(), note=a.commune.name if a.commune_id else "")
        for a in dossiers.select_related("product", "commune").order_by("updated_at")
    ]


def open_rounds(user, *, today: datetime.date) -> list[Item]:
    """Rounds not yet closed that the user runs (evaluation.rules.can_manage_round: the province's rounds for its
    officers, the central council's for the ministry), against the day their evaluation must be done."""
    rounds = Round.objects.visible_to(user).exclude(status=Round.Status.CLOSED)
    return _by_deadline(
        [
            Item(
                label=r.name,
                url=r.get_absolute_url(),
                note=r.get_status_display(),
                deadline=r.evaluate_by,
                overdue=r.evaluate_by < today,
            )
            for r in rounds
            if evaluation_rules.can_manage_round(user, r)
        ]
    )


def dossiers_for_central(user, *, today: datetime.date) -> list[Item]:
    """Dossiers a province proposed for 5★, waiting for the central council to take them into a round."""
    dossiers = (
        Application.objects.visible_to(user)
        .filter(status=ApplicationStatus.PROPOSED_5)
        .select_related("product", "province")
        .order_by("updated_at")
    )
    return [
        Item(label=str(a), url=a.get_absolute_url(), note=a.province.name if a.province_id else "") for a in dossiers
    ]


def results_to_decide(user, *, today: datetime.date) -> list[Item]:
    """Closed sessions whose result waits for the decision this user records (evaluation.rules.can_decide)."""
    sessions = (
        Evaluation.objects.visible_to(user)
        .filter(status=Evaluation.Status.CLOSED)
        .filter(
            Q(level=Level.PROVINCE, application__status=ApplicationStatus.SCORED)
            | Q(
                level=Level.CENTRAL,
                application__status__in=[ApplicationStatus.CENTRAL_SCORED, ApplicationStatus.RETURNED_TO_PROVINCE],
            )
        )
        .select_related("application__product", "round")
    )
    items = []
    for session in sessions:
        if not evaluation_rules.can_decide(user, session):
            continue
        deadline = session.application.current_deadline
        items.append(
            Item(
                label=str(session.application),
                url=session.get_absolute_url(),
                note=session.round.name,
                deadline=deadline,
                overdue=deadline is not None and deadline < today,
            )
        )
    return _by_deadline(items)


def certificates_to_renew(
    user, *, today: datetime.date, stars: int | None = None, limit: int | None = None
) -> list[Item]:
    """Certificates in their last 180 days (due for renewal) whose product has no re-evaluation dossier filed
    yet; the deadline is the last day to file it (120 days before expiry, certificates.validity). With `limit`,
    only the first ones are read (a province holds hundreds): the deadline follows the expiry, so the database's
    order by expiry is the list's order, and `Work.total` counts them all."""
    filed = Application.objects.filter(
        product=OuterRef("product"), kind=ApplicationKind.REEVALUATION, submitted_at__isnull=False
    ).exclude(status__in=FINAL_STATUSES)
    certificates = (
        Certificate.objects.visible_to(user)
        .filter(status_q(CertificateStatus.DUE_FOR_RENEWAL, today))
        .exclude(Exists(filed))
        .select_related("product")
        .order_by("expires_on", "pk")
    )
    if stars is not None:
        certificates = certificates.filter(stars=stars)
    total = certificates.count() if limit is not None else None
    items = []
    for certificate in certificates[:limit] if limit is not None else certificates:
        last_day = filing_window(certificate.expires_on)[1]
        items.append(
            Item(
                label=f"{certificate.product} ({certificate.stars}★)",
                url=certificate.get_absolute_url(),
                note=_("Hết hạn %(date)s") % {"date": f"{certificate.expires_on:%d/%m/%Y}"},
                deadline=last_day,
                overdue=last_day < today,
            )
        )
    return Work(_by_deadline(items), total=total)


def five_star_certificates_to_renew(user, *, today: datetime.date, limit: int | None = None) -> list[Item]:
    """The 5★ certificates due for renewal: their re-evaluation is the ministry's (certificates.rules)."""
    return certificates_to_renew(user, today=today, stars=MINISTRY_STARS, limit=limit)


def sheets_to_score(user, *, today: datetime.date) -> list[Item]:
    """Open sessions of open rounds where the user holds a scoring seat and has not submitted their sheet."""
    sessions = (
        Evaluation.objects.visible_to(user)
        .filter(status=Evaluation.Status.OPEN)
        .exclude(round__status=Round.Status.CLOSED)
        .filter(
            round__memberships__user=user,
            round__memberships__role__in=[CouncilMembership.Role.CHAIR, CouncilMembership.Role.MEMBER],
        )
        .exclude(sheets__member=user, sheets__submitted_at__isnull=False)
        .select_related("application__product", "round")
        .distinct()
    )
    return _by_deadline(
        [
            Item(
                label=str(s.application),
                url=s.get_absolute_url(),
                note=s.round.name,
                deadline=s.round.evaluate_by,
                overdue=s.round.evaluate_by < today,
            )
            for s in sessions
        ]
    )


def site_visits_to_record(user, *, today: datetime.date) -> list[Item]:
    """Open sessions of open rounds where the user sits on the advisory team and the team has recorded no
    site visit, test or request yet (evaluation.rules.can_record_site_visit)."""
    sessions = (
        Evaluation.objects.visible_to(user)
        .filter(status=Evaluation.Status.OPEN, site_visits__isnull=True)
        .exclude(round__status=Round.Status.CLOSED)
        .filter(round__memberships__user=user, round__memberships__role=CouncilMembership.Role.ADVISOR)
        .select_related("application__product", "round")
        .distinct()
    )
    return _by_deadline(
        [
            Item(
                label=str(s.application),
                url=s.get_absolute_url(),
                note=s.round.name,
                deadline=s.round.evaluate_by,
                overdue=s.round.evaluate_by < today,
            )
            for s in sessions
        ]
    )


def jobs_to_watch(user, *, today: datetime.date) -> list[Item]:
    """Background jobs that need a person: stamp batches and history imports that failed, or whose job stalled
    (stamps.domain.is_stalled, history.jobs.is_stalled) and waits to be resumed."""
    items = []
    batches = (
        StampBatch.objects.visible_to(user)
        .exclude(status=StampBatch.Status.ISSUED)
        .filter(revoked_at__isnull=True)
        .select_related("product")
    )
    for batch in batches:
        if batch.status == StampBatch.Status.FAILED or stamp_domain.is_stalled(batch):
            items.append(Item(label=str(batch), url=batch.get_absolute_url(), note=_stalled_or_failed(batch.status)))
    for job in ImportJob.objects.visible_to(user).exclude(status=ImportJob.Status.DONE):
        if job.status == ImportJob.Status.FAILED or history_jobs.is_stalled(job):
            items.append(Item(label=str(job), url=job.get_absolute_url(), note=_stalled_or_failed(job.status)))
    return items


def _stalled_or_failed(status: str) -> str:
    return _("Lỗi") if status == "failed" else _("Đã ngừng giữa chừng, cần cho chạy lại")


def my_dossiers(user, *, today: datetime.date) -> list[Item]:
    """The producer's dossiers not yet decided, with what each waits for (dossiers.presentation.waiting_for)."""
    dossiers = Application.objects.visible_to(user).exclude(status__in=FINAL_STATUSES).select_related("product")
    items = []
    for a in dossiers:
        deadline = a.current_deadline
        items.append(
            Item(
                label=str(a),
                url=a.get_absolute_url(),
                note=waiting_for(a),
                deadline=deadline,
                overdue=deadline is not None and deadline < today,
            )
        )
    return _by_deadline(items)


def open_inspections(user, *, today: datetime.date) -> list[Item]:
    """Inspections of the user's province planned or under way, by their last day."""
    inspections = Inspection.objects.visible_to(user).filter(status__in=OPEN).prefetch_related("producers")
    return _by_deadline(
        [
            Item(
                label=str(i),
                url=i.get_absolute_url(),
                note=", ".join(p.name for p in i.producers.all()),
                deadline=i.ends_on,
                overdue=i.ends_on < today,
            )
            for i in inspections
        ]
    )


def remediations_due(user, *, today: datetime.date) -> list[Item]:
    """Open remediations whose deadline is near (within the reminder days) or past."""
    soon = today + datetime.timedelta(days=settings.REMEDIATION_REMINDER_DAYS)
    remediations = Outcome.objects.visible_to(user).open_remediations().filter(deadline__lte=soon)
    return _by_deadline(
        [
            Item(
                label=o.product.name,
                url=o.get_absolute_url(),
                note=o.note,
                deadline=o.deadline,
                overdue=o.deadline < today,
            )
            for o in remediations.select_related("product", "inspection")
        ]
    )


def buyers_to_verify(user, *, today: datetime.date) -> list[Item]:
    """Buyers that signed up in the user's province, waiting for its OCOP officers to verify them."""
    buyers = Buyer.objects.visible_to(user).filter(status=Buyer.Status.PENDING).order_by("created_at")
    return [
        Item(
            label=b.name,
            url=b.get_absolute_url(),
            note=_("Đăng ký ngày %(date)s") % {"date": f"{timezone.localdate(b.created_at):%d/%m/%Y}"},
        )
        for b in buyers
        if market_rules.can_verify_buyer(user, b)
    ]


def demands_to_answer(user, *, today: datetime.date) -> list[Item]:
    """Open demands that the producer's products fit (`market.matching`) and that it has not answered yet, against
    the day answers close."""
    producer = market_rules.producer_of(user)
    if producer is None:
        return []
    answered = set(producer.demand_conversations.filter(answered_at__isnull=False).values_list("demand_id", flat=True))
    return _by_deadline(
        [
            Item(label=d.title, url=d.get_absolute_url(), note=d.buyer.name, deadline=d.deadline)
            for d, _matches in matching.demands_for(producer, day=today)
            if d.pk not in answered
        ]
    )


def my_demands(user, *, today: datetime.date) -> list[Item]:
    """A buyer's open demands, with the producers' answers so far, against the day answers close."""
    demands = Demand.objects.visible_to(user).filter(status=Demand.Status.OPEN, buyer__account=user)
    demands = demands.annotate(answers=Count("conversations", filter=Q(conversations__answered_at__isnull=False)))
    return _by_deadline(
        [
            Item(
                label=d.title,
                url=d.get_absolute_url(),
                note=_("%(n)s chào hàng") % {"n": d.answers},
                deadline=d.deadline,
                overdue=d.deadline < today,
            )
            for d in demands
        ]
    )


QUERIES = {
    "dossiers_to_check": (gettext_lazy("Hồ sơ chờ xã kiểm tra, đánh giá"), dossiers_to_check),
    "producers_to_verify": (gettext_lazy("Chủ thể chờ xác minh"), producers_to_verify),
    "dossiers_to_receive": (gettext_lazy("Hồ sơ chờ tỉnh tiếp nhận"), dossiers_to_receive),
    "open_rounds": (gettext_lazy("Đợt đánh giá đang mở"), open_rounds),
    "results_to_decide": (gettext_lazy("Kết quả chờ quyết định công nhận"), results_to_decide),
    "certificates_to_renew": (gettext_lazy("Giấy chứng nhận đến hạn đánh giá lại"), certificates_to_renew),
    "sheets_to_score": (gettext_lazy("Phiếu chấm điểm chờ nộp"), sheets_to_score),
    "my_dossiers": (gettext_lazy("Hồ sơ đang xử lý"), my_dossiers),
    "dossiers_for_central": (gettext_lazy("Hồ sơ đề xuất 5 sao chờ hội đồng trung ương"), dossiers_for_central),
    "five_star_certificates_to_renew": (
        gettext_lazy("Giấy chứng nhận 5 sao đến hạn đánh giá lại"),
        five_star_certificates_to_renew,
    ),
    "site_visits_to_record": (gettext_lazy("Sản phẩm chờ tổ tư vấn khảo sát, kiểm nghiệm"), site_visits_to_record),
    "jobs_to_watch": (gettext_lazy("Việc chạy nền cần xử lý"), jobs_to_watch),
    "open_inspections": (gettext_lazy("Đợt kiểm tra đang thực hiện"), open_inspections),
    "remediations_due": (gettext_lazy("Yêu cầu khắc phục đến hạn, quá hạn"), remediations_due),
    "buyers_to_verify": (gettext_lazy("Bên mua chờ xác minh"), buyers_to_verify),
    "demands_to_answer": (gettext_lazy("Nhu cầu mua phù hợp với sản phẩm của bạn"), demands_to_answer),
    "my_demands": (gettext_lazy("Nhu cầu mua đang mở"), my_demands),
}

# The lists long enough to be read only up to PANEL_LIMIT items (their query takes `limit`).
READ_IN_PART = {"certificates_to_renew", "five_star_certificates_to_renew"}

# Where each list continues past PANEL_LIMIT items: (URL name, query string).
MORE = {
    "dossiers_to_check": ("dossiers:commune_worklist", ""),
    "producers_to_verify": ("producers:list", "?status=pending"),
    "dossiers_to_receive": ("dossiers:province_worklist", ""),
    "certificates_to_renew": ("certificates:list", f"?status={CertificateStatus.DUE_FOR_RENEWAL}"),
    "five_star_certificates_to_renew": ("certificates:list", f"?status={CertificateStatus.DUE_FOR_RENEWAL}&stars=5"),
    "my_dossiers": ("dossiers:list", ""),
    "buyers_to_verify": ("market:buyers", f"?status={Buyer.Status.PENDING}"),
    "demands_to_answer": ("market:demands", ""),
    "my_demands": ("market:demands", ""),
}

# Which lists each role's home page shows, in order.
PANELS = {
    Role.COMMUNE_OFFICER: ("dossiers_to_check", "producers_to_verify"),
    Role.PROVINCE_OFFICER: (
        "dossiers_to_receive",
        "open_rounds",
        "results_to_decide",
        "certificates_to_renew",
        "buyers_to_verify",
    ),
    Role.COUNCIL_MEMBER: ("sheets_to_score",),
    Role.PRODUCER: ("my_dossiers", "certificates_to_renew", "demands_to_answer"),
    Role.ADVISORY_MEMBER: ("site_visits_to_record",),
    Role.MINISTRY_OFFICER: (
        "dossiers_for_central",
        "open_rounds",
        "results_to_decide",
        "five_star_certificates_to_renew",
    ),
    Role.SYSADMIN: ("jobs_to_watch",),
    Role.INSPECTOR: ("open_inspections", "remediations_due"),
    Role.BUYER: ("my_demands",),
}


def panels_for(user, *, today: datetime.date | None = None) -> list[Panel]:
    today = today or timezone.localdate()
    panels = []
    for key in PANELS.get(user.role, ()):
        title, query = QUERIES[key]
        items = query(user, today=today, limit=PANEL_LIMIT) if key in READ_IN_PART else query(user, today=today)
        more = MORE.get(key)
        panels.append(
            Panel(
                key=key,
                title=str(title),
                items=items[:PANEL_LIMIT],
                total=getattr(items, "total", len(items)),
                more_url=f"{reverse(more[0])}{more[1]}" if more else "",
            )
        )
    return panels
