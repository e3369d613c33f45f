"""The demo's whole lifecycle, on top of the producers and products that `build` writes: council and producer
accounts, certificates from before the platform, dossiers at every step, a provincial round of Hà Nội scored
by its council of five and decided, a 5-star dossier through the central round to the Minister's
recognition, stamps on the market, and a withdrawal. Everything goes through the domain functions (the
dossier, evaluation, certificate and stamp rules), so every record is validated and audited like real data.

Deterministic: one `random.Random(SEED)` drawn in a fixed order. Dates that decide a status (in force, due for
renewal, expired, overdue) are relative to today, so they hold whatever day the demo is built."""

import datetime
import random
import time
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from accounts.models import Role, User
from areas.models import Area
from certificates.models import Certificate, CertificateStatus
from criteria.sheets import sheet_for
from dossiers.models import Application, ApplicationStatus
from evaluation import domain as evaluation
from evaluation.calendar import statutory_windows, window_for
from evaluation.models import CouncilMembership, Evaluation, Level, Round, SiteVisit
from products.models import Product
from scoring import Regulation
from stamps.models import ScanEvent

from . import history
from .build import DemoError, create_account
from .data import DEMO_PASSWORD, SEED, STAFF
from .dossiers import DossierMaker, People
from .inspections import seed_demo_inspections
from .lifecycle_data import (
    CENTRAL_AGENCIES,
    CENTRAL_MEMBERS,
    CENTRAL_TOTALS,
    COUNCIL_TOTALS,
    DIVERGENT,
    DOSSIERS,
    EXPECTED_STARS,
    FIVE,
    FOUR,
    HANOI_ADVISOR,
    HANOI_AGENCIES,
    HANOI_CHAIR,
    HANOI_IMPORTS,
    HANOI_MEMBERS,
    KNOCK_OUT_COMMENT,
    KNOCKED_OUT,
    KNOCKING_MEMBERS,
    MAX_GAP,
    NINHBINH_IMPORTS,
    PRODUCER_LOGINS,
    QUORUM,
    ROUND_OUTCOMES,
    SCORING,
    SHEET_COMMENTS,
    SHOWCASE,
    SHOWCASE_LOT,
    SITE_VISIT,
    THREE,
    WITHDRAWN,
    WITHDRAWN_LOT,
    lifecycle_usernames,
)
from .monitoring import DemoInbox, seed_demo_inbox
from .scoresheets import choices_near, expect, partial, plan_council
from .stamps import seed_demo_stamps

PROVINCE_DECISION = "5012/QĐ-UBND"
PROVINCE_SIGNER = "Phó Chủ tịch UBND Thành phố Nguyễn Mạnh Quyền"
PROPOSAL_DECISION = "5013/QĐ-UBND"
MINISTRY_DECISION = "318/QĐ-BNNMT"
MINISTRY_SIGNER = "Bộ trưởng Bộ Nông nghiệp và Môi trường"
NOT_RECOGNISED_NOTE = "Hội đồng thống nhất loại hồ sơ; chủ thể có thể nộp lại hồ sơ ở đợt sau."


@dataclass
class LifecycleSummary:
    accounts: list[User] = field(default_factory=list)
    applications: Counter = field(default_factory=Counter)  # status label → dossiers
    certificates: Counter = field(default_factory=Counter)  # stars → certificates
    certificate_statuses: Counter = field(default_factory=Counter)  # status label today → certificates
    imported: int = 0
    rounds: list[Round] = field(default_factory=list)
    batches: int = 0
    stamps: int = 0
    scans: int = 0
    links: list[history.StampLink] = field(default_factory=list)
    inbox: DemoInbox | None = None
    seconds: float = 0.0


def existing_lifecycle_user() -> str | None:
    """The first lifecycle account already in the database, if any: then the lifecycle is loaded."""
    names = User.objects.filter(username__in=lifecycle_usernames()).order_by("username")
    return names.values_list("username", flat=True).first()


def build_lifecycle() -> LifecycleSummary:
    """Write the lifecycle, all or nothing. Needs the demo's producers and products (`build_demo`).
    Side effects: accounts, dossiers and their documents (files in the media storage), rounds, sheets,
    results, certificates, stamp batches and checks, notifications, audit entries."""
    started = time.monotonic()
    if username := existing_lifecycle_user():
        raise DemoError(f"the demo's lifecycle is already loaded (user {username} exists)")
    # Notifications stay in the app: the demo's addresses are @example.com, and a development machine's
    # console e-mail backend would print every one of them.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
        summary = _Lifecycle().run()
    summary.seconds = time.monotonic() - started
    return summary


def _latest_window(level: str, today):
    """The statutory round whose proposal cut-off is the latest one not after today, and its number."""
    windows = [
        (number, window)
        for year in (today.year - 1, today.year)
        for number, window in enumerate(statutory_windows(level=level, year=year), start=1)
        if window.proposal_cutoff <= today
    ]
    return windows[-1]


class _Lifecycle:
    def __init__(self):
        self.rng = random.Random(SEED)
        self.today = timezone.localdate()
        self.summary = LifecycleSummary()
        staff = {user.username: user for user in User.objects.filter(username__in=[a.username for a in STAFF])}
        if len(staff) != len(STAFF):
            raise DemoError("the demo's accounts are missing: the lifecycle is built on top of `build_demo`")
        self.staff = staff
        self.admin = staff["admin"]
        self.hanoi, self.ninhbinh = staff["tinh.hanoi"], staff["tinh.ninhbinh"]
        self.ministry = staff["bo"]
        names = {s.product for s in DOSSIERS} | {s.product for s in (*HANOI_IMPORTS, *NINHBINH_IMPORTS)}
        names |= {product for _login, product in PRODUCER_LOGINS}
        self.products = {
            p.name: p
            for p in Product.objects.filter(name__in=names).select_related(
                "producer__area", "producer__current_commune", "criteria_set__group__sector"
            )
        }
        if missing := sorted(names - set(self.products)):
            raise DemoError(f"demo products missing: {', '.join(missing)}")
        self.password_hash = make_password(DEMO_PASSWORD)
        self.regulation = Regulation(quorum=QUORUM, max_gap=MAX_GAP)

    def run(self) -> LifecycleSummary:
        self.create_accounts()
        imported = [
            *history.import_history(officer=self.hanoi, specs=HANOI_IMPORTS, products=self.products),
            *history.import_history(officer=self.ninhbinh, specs=NINHBINH_IMPORTS, products=self.products),
        ]
        self.summary.imported = len(imported)
        self.people = self._people()
        maker = DossierMaker(rng=self.rng, people=self.people)
        applications = {spec.product: maker.make(spec, self.products[spec.product]) for spec in DOSSIERS}
        proposed = self.provincial_round(applications)
        self.central_round(proposed)
        self.stamps(imported)
        self._summarise(applications)
        return self.summary

    # --- accounts --------------------------------------------------------------------------------------------

    def _account(self, **fields) -> User:
        user = create_account(password_hash=self.password_hash, by=self.admin, **fields)
        self.summary.accounts.append(user)
        return user

    def create_accounts(self) -> None:
        hanoi = Area.objects.current().get(level=Area.Level.PROVINCE, code="01")
        for account in HANOI_MEMBERS:
            self._account(username=account.username, role=account.role, full_name=account.full_name, area=hanoi)
        for account in CENTRAL_MEMBERS:
            self._account(username=account.username, role=account.role, full_name=account.full_name)
        for login, product in PRODUCER_LOGINS:
            producer = self.products[product].producer
            self._account(username=login, role=Role.PRODUCER, full_name=producer.representative_name, producer=producer)

    def _people(self) -> People:
        users = User.objects.filter(is_active=True)
        return People(
            producers={u.producer_id: u for u in users.filter(role=Role.PRODUCER, producer__isnull=False)},
            communes={u.area_id: u for u in users.filter(role=Role.COMMUNE_OFFICER)},
            provinces={u.area_id: u for u in users.filter(role=Role.PROVINCE_OFFICER)},
        )

    def _user(self, username: str) -> User:
        return User.objects.get(username=username)

    # --- rounds ----------------------------------------------------------------------------------------------

    def _seat(self, round_: Round, members: list[User], agencies: tuple[str, ...], by: User) -> None:
        for index, (member, agency) in enumerate(zip(members, agencies, strict=True)):
            role = CouncilMembership.Role.CHAIR if index == 0 else CouncilMembership.Role.MEMBER
            evaluation.add_member(round_=round_, user=member, role=role, by=by, agency=agency)

    def _score(self, session: Evaluation, members: list[User], outcome: str, totals, keep_star: int) -> None:
        """Each member submits the planned sheet; the plan is checked against the intended result first."""
        product = session.application.product.name
        plan = plan_council(
            sheet_for(session.criteria_set_id),
            members=[m.username for m in members],
            totals=totals,
            keep_star=keep_star,
            rng=self.rng,
            knocking=KNOCKING_MEMBERS if outcome == KNOCKED_OUT else 0,
            regulation=self.regulation,
        )
        if outcome == KNOCKED_OUT:
            expect(plan, product=product, stars=None)
        elif outcome in EXPECTED_STARS:
            expect(plan, product=product, stars=EXPECTED_STARS[outcome], divergent=outcome == DIVERGENT)
        by_name = {member.username: member for member in members}
        for username, choices in plan.choices.items():
            knockouts = plan.knockouts[username]
            evaluation.submit_sheet(
                evaluation=session,
                member=by_name[username],
                choices=choices,
                knockouts=knockouts,
                comment=KNOCK_OUT_COMMENT if knockouts else self.rng.choice(SHEET_COMMENTS),
            )

    def provincial_round(self, applications: dict[str, Application]) -> Application:
        """Hà Nội's round of the latest statutory cut-off, its council of five and the advisory team; the
        dossiers meant for it are scored, closed and decided. Returns the dossier proposed for 5 stars."""
        officer = self.hanoi
        number, window = _latest_window(Level.PROVINCE, self.today)
        round_ = evaluation.create_round(
            by=officer,
            level=Level.PROVINCE,
            province=officer.area,
            name=f"Đợt {number} năm {window.proposal_cutoff.year}",
            proposal_cutoff=window.proposal_cutoff,
            evaluate_by=window.evaluate_by,
            council_decision="4521/QĐ-UBND",
        )
        self.summary.rounds.append(round_)
        evaluation.set_regulation(province=officer.area, quorum=QUORUM, max_gap=MAX_GAP, by=officer)
        members = [self.staff[HANOI_CHAIR], *(self._user(a.username) for a in HANOI_MEMBERS)]
        self._seat(round_, members, HANOI_AGENCIES, officer)
        advisor = self.staff[HANOI_ADVISOR]
        evaluation.add_member(
            round_=round_, user=advisor, role=CouncilMembership.Role.ADVISOR, by=officer, agency="Trung tâm Khuyến nông"
        )
        sessions = {}
        for spec in DOSSIERS:
            if spec.stop not in ROUND_OUTCOMES:
                continue
            session = evaluation.assign_to_round(round_=round_, application=applications[spec.product], by=officer)
            if spec.stop == FIVE:
                evaluation.record_site_visit(
                    evaluation=session,
                    kind=SiteVisit.Kind.VISIT,
                    date=self.today - datetime.timedelta(days=3),
                    findings=SITE_VISIT,
                    by=advisor,
                )
            totals, keep_star = COUNCIL_TOTALS[spec.stop]
            self._score(session, members, spec.stop, totals, keep_star)
            if spec.stop == SCORING:
                # The fourth member has saved half a sheet; the fifth has not started.
                draft = choices_near(sheet_for(session.criteria_set_id), total=totals[0], keep_star=4, rng=self.rng)
                evaluation.save_sheet(evaluation=session, member=members[3], choices=partial(draft, share=0.5))
                continue
            sessions[spec.stop, spec.product] = evaluation.close_evaluation(evaluation=session, by=members[0])
        proposed = None
        for (outcome, product), session in sessions.items():
            decision = {"evaluation": session, "by": officer, "decision_date": self.today}
            if outcome in (THREE, FOUR):
                evaluation.decide_provincial_result(
                    **decision, decision_number=PROVINCE_DECISION, signer=PROVINCE_SIGNER
                )
            elif outcome == FIVE:
                evaluation.decide_provincial_result(
                    **decision, decision_number=PROPOSAL_DECISION, signer=PROVINCE_SIGNER
                )
                proposed = applications[product]
            elif outcome == KNOCKED_OUT:
                evaluation.decide_provincial_result(**decision, reason=NOT_RECOGNISED_NOTE)
            # DIVERGENT waits: the chair may reopen it for re-scoring, or the officer decide on it.
        if proposed is None:
            raise DemoError("no dossier of the provincial round was proposed for 5 stars")
        return proposed

    def central_round(self, application: Application) -> None:
        """The next central round after today's date, its council of five national members; the proposed
        dossier is scored 5 stars and the Minister recognises it."""
        ministry = self.ministry
        window = window_for(level=Level.CENTRAL, proposal_cutoff=self.today)
        year = window.proposal_cutoff.year
        number = statutory_windows(level=Level.CENTRAL, year=year).index(window) + 1
        round_ = evaluation.create_round(
            by=ministry,
            level=Level.CENTRAL,
            province=None,
            name=f"Đợt {number} cấp trung ương năm {year}",
            proposal_cutoff=window.proposal_cutoff,
            evaluate_by=window.evaluate_by,
            council_decision="97/QĐ-BNNMT",
        )
        self.summary.rounds.append(round_)
        evaluation.set_regulation(province=None, quorum=QUORUM, max_gap=MAX_GAP, by=ministry)
        members = [self._user(a.username) for a in CENTRAL_MEMBERS]
        self._seat(round_, members, CENTRAL_AGENCIES, ministry)
        session = evaluation.assign_to_round(round_=round_, application=application, by=ministry)
        totals, keep_star = CENTRAL_TOTALS
        self._score(session, members, FIVE, totals, keep_star)
        session = evaluation.close_evaluation(evaluation=session, by=members[0])
        evaluation.decide_central_result(
            evaluation=session,
            by=ministry,
            decision_number=MINISTRY_DECISION,
            decision_date=self.today,
            signer=MINISTRY_SIGNER,
        )
        evaluation.set_round_status(round_=round_, status=Round.Status.CLOSED, by=ministry)

    # --- stamps ----------------------------------------------------------------------------------------------

    def stamps(self, imported: list[Certificate]) -> None:
        """The 5-star product's first batch; a batch on the market when its certificate is withdrawn; then
        the stamps app's own demo batches (with a misprinted stamp revoked) for other certified products."""
        showcase = self.products[SHOWCASE]
        genuine = history.showcase_batch(
            product=showcase, by=self.people.producers[showcase.producer_id], lot=SHOWCASE_LOT, rng=self.rng
        )
        certificate = next(c for c in imported if c.product.name == WITHDRAWN)
        producer_id = certificate.product.producer_id
        withdrawn = history.withdraw_on_the_market(
            certificate=certificate,
            officer=self.hanoi,
            orderer=self.people.producers.get(producer_id, self.hanoi),
            lot=WITHDRAWN_LOT,
            rng=self.rng,
        )
        seeded = seed_demo_stamps()
        self.summary.inbox = seed_demo_inbox(genuine=genuine, withdrawn=withdrawn, rng=self.rng)
        batches = [genuine, withdrawn, *seeded.batches]
        self.summary.batches = len(batches)
        self.summary.stamps = sum(batch.quantity for batch in batches)
        self.summary.links = history.example_links(genuine=genuine, withdrawn=withdrawn, seeded=seeded.batches)
        seed_demo_inspections()

    def _summarise(self, applications: dict[str, Application]) -> None:
        """Counts in workflow order: dossiers by status, certificates by stars and by their status today."""
        summary = self.summary
        statuses = Counter(
            Application.objects.filter(pk__in=[a.pk for a in applications.values()]).values_list("status", flat=True)
        )
        summary.applications = Counter({s.label: statuses[s] for s in ApplicationStatus if statuses[s]})
        certificates = list(Certificate.objects.all())
        summary.certificates = Counter(sorted(c.stars for c in certificates))
        today = Counter(c.status_on(self.today) for c in certificates)
        summary.certificate_statuses = Counter({s.label: today[s] for s in CertificateStatus if today[s]})
        summary.scans = ScanEvent.objects.count()
