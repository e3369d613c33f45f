"""The persona matrix: every scoped model's `visible_to`, and every acting predicate, against every persona.

One world holds a record of each scoped model in commune X of Hà Nội (producer A), plus the records that sit
on the edge of a clause (a draft dossier, a closed round, a sheet before and after its reader's own, accounts of
each level). Each table row says, persona by persona, whether they see (or may act on) that record. A new
scoped model fails `test_every_scoped_model_is_in_the_matrix` until it has rows here; a scope declaration that
loses a clause fails the row that needs it."""

import ast
import pathlib

import pytest
from django.apps import apps
from django.conf import settings

from accounts import scope
from accounts.models import Role, User
from accounts.rules import is_officer_for
from api import tokens as api_tokens
from areas.models import Area
from certificates.rules import can_extend, can_withdraw
from conftest import make_user
from dossiers.rules import (
    can_delete_application,
    can_edit_application,
    can_manage_documents,
    is_applicant,
    is_commune_officer_of,
    is_province_officer_of,
)
from evaluation.rules import can_decide, can_manage_round, can_record_site_visit, can_score, is_chair
from inspections import rules as inspection_rules
from market import rules as market_rules
from monitoring.rules import can_answer, can_triage
from producers.models import Producer
from producers.rules import can_delete_producer, can_edit_producer, can_verify_producer
from products.models import Product
from products.rules import can_edit_product, can_register_product_for
from programme.rules import (
    can_edit_assignment,
    can_edit_consultant,
    can_edit_event,
    can_edit_funding,
    can_edit_plan,
)
from stamps.rules import can_manage_batch, can_order_stamps

from .buyers import buyer_records
from .records import api_records, inspection_records, market_records

PERSONAS = [
    "alice",  # producer A's user (commune X, Hà Nội)
    "bob",  # producer B's user (commune Y, Hà Nội)
    "carol",  # commune officer of X
    "dave",  # commune officer of Y
    "erin",  # OCOP officer of Hà Nội
    "frank",  # OCOP officer of Ninh Bình
    "council",  # Hà Nội council account seated in the open round (and in the closed one)
    "council_free",  # Hà Nội council account without a seat
    "advisor",  # Hà Nội advisory account seated in the open round
    "advisor_free",  # Hà Nội advisory account without a seat
    "inspector",  # Hà Nội inspector
    "minh",  # ministry officer
    "root",  # system administrator
    "operator",  # the account of the sales point in commune X (the sales point role)
    "anonymous",
]

# Who sees each record: one column per persona, in PERSONAS order (Y sees, . gets a 404).
SEES = {
    #                                                  al bo ca da er fr co cf ad af in mi ro op an
    ("producers.Producer", "producer"): "              Y  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .  .",
    ("products.Product", "product"): "                 Y  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .  .",
    ("certificates.Certificate", "certificate"): "     Y  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .  .",
    ("stamps.StampBatch", "batch"): "                  Y  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .  .",
    ("stamps.FakeReport", "report"): "                 .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    # In the open round, where council and advisor hold seats, its session open.
    ("dossiers.Application", "dossier"): "             Y  .  Y  .  Y  .  Y  .  Y  .  Y  Y  Y  .  .",
    # Province roles never see a draft.
    ("dossiers.Application", "draft"): "               Y  .  Y  .  .  .  .  .  .  .  .  Y  Y  .  .",
    # Its session closed, the result waiting for the decision: the council still needs it.
    ("dossiers.Application", "awaiting"): "            Y  .  Y  .  Y  .  Y  .  Y  .  Y  Y  Y  .  .",
    # Its session closed and the result decided: the council no longer needs it.
    ("dossiers.Application", "decided"): "             Y  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    # Waiting for the decision, but in a round that is closed.
    ("dossiers.Application", "in_closed_round"): "     Y  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    # Its session in the open round is an earlier one: it was evaluated again in another round.
    ("dossiers.Application", "rescored"): "            Y  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("dossiers.Document", "evidence"): "               Y  .  Y  .  Y  .  Y  .  Y  .  Y  Y  Y  .  .",
    # In the library only: its producer's users alone, national roles included.
    ("dossiers.Document", "library_only"): "           Y  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("dossiers.Document", "draft_evidence"): "         Y  .  Y  .  .  .  .  .  .  .  .  Y  Y  .  .",
    ("evaluation.Round", "round"): "                   .  .  .  .  Y  .  Y  .  Y  .  Y  Y  Y  .  .",
    ("evaluation.Round", "closed_round"): "            .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("evaluation.Round", "central_round"): "           .  .  .  .  .  .  .  .  .  .  .  Y  Y  .  .",
    ("evaluation.Evaluation", "evaluation"): "         .  .  .  .  Y  .  Y  .  Y  .  Y  Y  Y  .  .",
    ("evaluation.Evaluation", "awaiting_evaluation"): ".  .  .  .  Y  .  Y  .  Y  .  Y  Y  Y  .  .",
    ("evaluation.Evaluation", "decided_evaluation"): " .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("evaluation.Evaluation", "closed_evaluation"): "  .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("evaluation.Evaluation", "earlier_evaluation"): " .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    # The central session of a Hà Nội dossier: the province decides when it is returned.
    ("evaluation.Evaluation", "central_evaluation"): " .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    # The council member's own draft, in an open session.
    ("evaluation.MemberSheet", "own_draft"): "         .  .  .  .  .  .  Y  .  .  .  .  .  .  .  .",
    # A peer's submitted sheet in that session: not before the reader's own is submitted.
    ("evaluation.MemberSheet", "peer_waiting"): "      .  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    # A peer's submitted sheet in a session where the reader's own is submitted.
    ("evaluation.MemberSheet", "peer_shared"): "       .  .  .  .  .  .  Y  .  .  .  .  .  .  .  .",
    # A submitted sheet of a closed provincial session: its organisers.
    ("evaluation.MemberSheet", "closed_sheet"): "      .  .  .  .  Y  .  .  .  .  .  .  Y  Y  .  .",
    ("accounts.User", "producer_account"): "           Y  .  .  .  Y  .  .  .  .  .  .  Y  Y  .  .",
    ("accounts.User", "commune_account"): "            .  .  Y  .  Y  .  .  .  .  .  .  Y  Y  .  .",
    ("accounts.User", "province_account"): "           .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    # An evaluation result imported from before the platform: like a certificate.
    ("history.PastResult", "past_result"): "          Y  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .  .",
    # An import of Hà Nội's history: its OCOP officers and the national roles, nobody else.
    ("history.ImportJob", "import_job"): "            .  .  .  .  Y  .  .  .  .  .  .  Y  Y  .  .",
    # The programme is the OCOP office's: council and advisory accounts do not read it.
    ("programme.Plan", "plan"): "                      .  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("programme.Funding", "funding"): "                Y  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    # Every commune officer of the province sees its consultants.
    ("programme.Consultant", "consultant"): "          .  .  Y  Y  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("programme.Assignment", "assignment"): "          Y  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("programme.Event", "event"): "                    .  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("reports.ProductDay", "product_day"): "         Y  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .  .",
    ("reports.CertificateFigure", "certificate_figure"): "Y  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .  .",
    ("reports.StampDay", "stamp_day"): "              Y  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .  .",
    # The inbox is the province office's (its inspectors and OCOP officers); its producer sees an item once asked.
    ("monitoring.Signal", "signal"): "                .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("monitoring.Signal", "asked_signal"): "          Y  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    # Inspections are the province office's (its inspectors and OCOP officers); the ministry reads them.
    ("inspections.InspectionPlan", "inspection_plan"): ".  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("inspections.Inspection", "inspection"): "       .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("inspections.Visit", "inspection_visit"): "       .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("inspections.Finding", "inspection_finding"): "   .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("inspections.Evidence", "inspection_evidence"): " .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    # The producer knows what it must fix and by when.
    ("inspections.Outcome", "inspection_outcome"): "   Y  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    # A commune's month totals: no producer's own row.
    ("reports.AreaMonth", "area_month"): "             .  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .  .",
    # The market (records of `market_world`, at the end): an event's participants reach its organisers' office.
    ("market.Participation", "participation"): "    Y  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("market.Outcome", "outcome"): "                  .  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    # Its own accounts read it too; a sales point of commune Y reaches neither them nor commune X.
    ("market.SalesPoint", "sales_point"): "           .  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  Y  .",
    ("market.SalesPoint", "other_sales_point"): "     .  .  .  Y  Y  .  .  .  .  .  Y  Y  Y  .  .",
    # A listing is public on the product page; behind the login it is read like its product.
    ("market.Listing", "listing"): "                  Y  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .  .",
    ("market.TradeAgreement", "agreement"): "         Y  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    # A buyer of Hà Nội: its province's OCOP officers verify it (its own account: test_buyer_scope.py).
    ("market.Buyer", "buyer"): "                      .  .  .  .  Y  .  .  .  .  .  .  Y  Y  .  .",
    # Its demand: producer A talks about it with the buyer.
    ("market.Demand", "demand"): "                    Y  .  .  .  Y  .  .  .  .  .  .  Y  Y  .  .",
    # What a buyer and a producer write to each other is theirs (the buyer: test_buyer_scope): no officer reads it.
    ("market.Conversation", "conversation"): "        Y  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("market.Message", "message"): "                  Y  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("market.ProductCertification", "product_certification"): "Y  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .  .",
    # API tokens (records of `api_world`): a person's own token is theirs alone, national roles included.
    ("api.ApiToken", "own_token"): "                   Y  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    # A Hà Nội service account and its token: its province's OCOP officers run them; the national roles oversee.
    ("api.ServiceAccount", "service_account"): "       .  .  .  .  Y  .  .  .  .  .  .  Y  Y  .  .",
    ("api.ApiToken", "service_token"): "               .  .  .  .  Y  .  .  .  .  .  .  Y  Y  .  .",
}

# Acting: the scope rule's own predicates on the main record of every scoped model, then each app's predicates.
ACTS = {
    #                                                  al bo ca da er fr co cf ad af in mi ro op an
    ("covers", "producer"): "                          .  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .  .",
    ("covers", "product"): "                           .  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .  .",
    ("covers", "certificate"): "                       .  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .  .",
    ("covers", "batch"): "                             .  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .  .",
    ("covers", "report"): "                            .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("covers", "dossier"): "                           .  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("covers", "evidence"): "                          .  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("covers", "round"): "                             .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("covers", "evaluation"): "                        .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("covers", "closed_sheet"): "                      .  .  .  .  Y  .  .  .  .  .  .  Y  Y  .  .",
    ("covers", "producer_account"): "                  .  .  .  .  Y  .  .  .  .  .  .  Y  Y  .  .",
    ("covers", "past_result"): "                       .  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .  .",
    ("covers", "import_job"): "                        .  .  .  .  Y  .  .  .  .  .  .  Y  Y  .  .",
    ("owns", "producer"): "                            Y  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("owns", "product"): "                             Y  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("owns", "certificate"): "                         Y  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("owns", "batch"): "                               Y  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("owns", "dossier"): "                             Y  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("owns", "evidence"): "                            Y  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("owns", "round"): "                               .  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("is_officer_for", "producer"): "                  .  .  Y  .  Y  .  .  .  .  .  .  .  Y  .  .",
    ("is_officer_for", "product"): "                   .  .  Y  .  Y  .  .  .  .  .  .  .  Y  .  .",
    ("can_edit_producer", "producer"): "               Y  .  Y  .  Y  .  .  .  .  .  .  .  Y  .  .",
    ("can_verify_producer", "producer"): "             .  .  Y  .  Y  .  .  .  .  .  .  .  Y  .  .",
    ("can_delete_producer", "producer"): "             .  .  .  .  Y  .  .  .  .  .  .  .  Y  .  .",
    ("can_register_product_for", "producer"): "        Y  .  Y  .  Y  .  .  .  .  .  .  .  Y  .  .",
    ("can_edit_product", "product"): "                 Y  .  Y  .  Y  .  .  .  .  .  .  .  Y  .  .",
    ("can_order_stamps", "product"): "                 Y  .  Y  .  Y  .  .  .  .  .  .  .  Y  .  .",
    ("can_manage_batch", "batch"): "                   Y  .  Y  .  Y  .  .  .  .  .  .  .  Y  .  .",
    ("can_manage_documents", "producer"): "            Y  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("is_applicant", "dossier"): "                     Y  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("can_edit_application", "draft"): "               Y  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("can_edit_application", "dossier"): "             .  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("can_delete_application", "draft"): "             Y  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("is_commune_officer_of", "dossier"): "            .  .  Y  .  .  .  .  .  .  .  .  .  .  .  .",
    ("is_province_officer_of", "dossier"): "           .  .  .  .  Y  .  .  .  .  .  .  .  .  .  .",
    ("can_withdraw", "certificate"): "                 .  .  .  .  Y  .  .  .  .  .  .  .  .  .  .",
    ("can_extend", "certificate"): "                   .  .  .  .  Y  .  .  .  .  .  .  .  Y  .  .",
    ("can_manage_round", "round"): "                   .  .  .  .  Y  .  .  .  .  .  .  .  Y  .  .",
    ("can_manage_round", "central_round"): "           .  .  .  .  .  .  .  .  .  .  .  Y  Y  .  .",
    ("is_chair", "round"): "                           .  .  .  .  .  .  Y  .  .  .  .  .  .  .  .",
    ("can_score", "evaluation"): "                     .  .  .  .  .  .  Y  .  .  .  .  .  .  .  .",
    ("can_record_site_visit", "evaluation"): "         .  .  .  .  Y  .  .  .  Y  .  .  .  Y  .  .",
    ("can_decide", "awaiting_evaluation"): "           .  .  .  .  Y  .  .  .  .  .  .  .  Y  .  .",
    ("covers", "plan"): "                              .  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("covers", "funding"): "                           .  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("covers", "consultant"): "                        .  .  Y  Y  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("covers", "assignment"): "                        .  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("covers", "event"): "                             .  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("owns", "funding"): "                             Y  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("owns", "assignment"): "                          Y  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    # Plans and consultants are the province's; a commune officer reads its share.
    ("can_edit_plan", "plan"): "                       .  .  .  .  Y  .  .  .  .  .  .  .  Y  .  .",
    ("can_edit_funding", "funding"): "                 .  .  Y  .  Y  .  .  .  .  .  .  .  Y  .  .",
    ("can_edit_consultant", "consultant"): "           .  .  .  .  Y  .  .  .  .  .  .  .  Y  .  .",
    ("can_edit_assignment", "assignment"): "           .  .  .  .  Y  .  .  .  .  .  .  .  Y  .  .",
    ("can_edit_event", "event"): "                     .  .  Y  .  Y  .  .  .  .  .  .  .  Y  .  .",
    ("covers", "signal"): "                            .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("owns", "asked_signal"): "                        Y  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    # Triage is the province's inspectors' and OCOP officers' (what fake reports had: `can_handle`, now this).
    ("can_triage", "signal"): "                        .  .  .  .  Y  .  .  .  .  .  Y  .  .  .  .",
    ("can_answer", "asked_signal"): "                  Y  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("covers", "inspection"): "                        .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("covers", "inspection_outcome"): "                .  .  .  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("owns", "inspection_outcome"): "                  Y  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    # Only the province's inspectors and OCOP officers act; the ministry reads.
    ("can_act_on_inspection", "inspection"): "         .  .  .  .  Y  .  .  .  .  .  Y  .  .  .  .",
    ("can_act_on_inspection", "inspection_plan"): "    .  .  .  .  Y  .  .  .  .  .  Y  .  .  .  .",
    ("covers", "participation"): "                     .  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("covers", "outcome"): "                           .  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("covers", "sales_point"): "                       .  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("covers", "listing"): "                           .  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .  .",
    ("covers", "agreement"): "                         .  .  Y  .  Y  .  .  .  .  .  Y  Y  Y  .  .",
    ("owns", "participation"): "                       Y  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("owns", "listing"): "                             Y  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("owns", "agreement"): "                           Y  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("market_can_decide", "participation"): "          .  .  Y  .  Y  .  .  .  .  .  .  .  Y  .  .",
    ("market_can_answer", "participation"): "          Y  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("can_edit_sales_point", "sales_point"): "       .  .  Y  .  Y  .  .  .  .  .  .  .  Y  .  .",
    ("operates", "sales_point"): "                   .  .  .  .  .  .  .  .  .  .  .  .  .  Y  .",
    ("operates", "other_sales_point"): "             .  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    # The shelf: the officers of its area and its own operator.
    ("can_keep_shelf", "sales_point"): "             .  .  Y  .  Y  .  .  .  .  .  .  .  Y  Y  .",
    ("can_keep_shelf", "other_sales_point"): "       .  .  .  Y  Y  .  .  .  .  .  .  .  Y  .  .",
    ("can_edit_listing", "listing"): "                 Y  .  Y  .  Y  .  .  .  .  .  .  .  Y  .  .",
    ("can_edit_agreement", "agreement"): "             Y  .  Y  .  Y  .  .  .  .  .  .  .  Y  .  .",
    ("covers", "buyer"): "                             .  .  .  .  Y  .  .  .  .  .  .  Y  Y  .  .",
    ("covers", "demand"): "                            .  .  .  .  Y  .  .  .  .  .  .  Y  Y  .  .",
    ("owns", "conversation"): "                        Y  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("covers", "product_certification"): "             .  .  Y  .  Y  .  Y  Y  Y  Y  Y  Y  Y  .  .",
    ("can_verify_buyer", "buyer"): "                   .  .  .  .  Y  .  .  .  .  .  .  .  Y  .  .",
    # Only the buyer's own account edits its demand (test_buyer_scope.py).
    ("can_edit_demand", "demand"): "                    .  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("can_talk", "conversation"): "                    Y  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("can_manage_service_account", "service_account"): ".  .  .  .  Y  .  .  .  .  .  .  .  Y  .  .",
    ("can_manage_tokens_of", "own_token_user"): "        Y  .  .  .  .  .  .  .  .  .  .  .  .  .  .",
    ("can_manage_tokens_of", "service_user"): "          .  .  .  .  Y  .  .  .  .  .  .  .  Y  .  .",
}

PREDICATES = {
    "covers": scope.covers,
    "owns": scope.owns,
    "operates": scope.operates,
    "is_officer_for": is_officer_for,
    "can_edit_producer": can_edit_producer,
    "can_verify_producer": can_verify_producer,
    "can_delete_producer": can_delete_producer,
    "can_register_product_for": can_register_product_for,
    "can_edit_product": can_edit_product,
    "can_order_stamps": can_order_stamps,
    "can_manage_batch": can_manage_batch,
    "can_manage_documents": lambda user, producer: can_manage_documents(user, producer.pk),
    "is_applicant": is_applicant,
    "can_edit_application": can_edit_application,
    "can_delete_application": can_delete_application,
    "is_commune_officer_of": is_commune_officer_of,
    "is_province_officer_of": is_province_officer_of,
    "can_withdraw": can_withdraw,
    "can_extend": can_extend,
    "can_manage_round": can_manage_round,
    "is_chair": is_chair,
    "can_score": can_score,
    "can_record_site_visit": can_record_site_visit,
    "can_decide": can_decide,
    "can_edit_plan": can_edit_plan,
    "can_edit_funding": can_edit_funding,
    "can_edit_consultant": can_edit_consultant,
    "can_edit_assignment": can_edit_assignment,
    "can_edit_event": can_edit_event,
    "can_triage": can_triage,
    "can_answer": can_answer,
    "can_act_on_inspection": inspection_rules.can_act,
    "market_can_decide": market_rules.can_decide,
    "market_can_answer": market_rules.can_answer,
    "can_manage_service_account": api_tokens.can_manage_service_account,
    "can_manage_tokens_of": api_tokens.can_manage_tokens_of,
    "can_edit_sales_point": market_rules.can_edit_sales_point,
    "can_keep_shelf": market_rules.can_keep_shelf,
    "can_edit_listing": market_rules.can_edit_listing,
    "can_edit_agreement": market_rules.can_edit_agreement,
    "can_verify_buyer": market_rules.can_verify_buyer,
    "can_edit_demand": market_rules.can_edit_demand,
    "can_talk": market_rules.can_talk,
}


def expected(row: str) -> dict[str, bool]:
    marks = row.split()
    assert len(marks) == len(PERSONAS), row
    return {persona: mark == "Y" for persona, mark in zip(PERSONAS, marks, strict=True)}


def scoped_models() -> set[str]:
    """Every model whose manager offers `visible_to` or that declares a scope."""
    return {
        model._meta.label
        for model in apps.get_models()
        if hasattr(model._default_manager, "visible_to") or hasattr(model, "scope")
    }


def test_every_scoped_model_is_in_the_matrix():
    assert scoped_models() == {label for label, _record in SEES}


def test_every_visible_to_is_built_from_the_scope_rule():
    """No hand-written scope: every model's `visible_to` is the scope rule's, and no module defines another
    `*visible_to` function."""
    base = pathlib.Path(settings.BASE_DIR)
    hand_written = []
    for app in apps.get_app_configs():
        folder = pathlib.Path(app.path)
        if base not in folder.parents:
            continue
        for path in sorted(folder.rglob("*.py")):
            if "tests" in path.parts or path == pathlib.Path(scope.__file__):
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.FunctionDef) and node.name.endswith("visible_to"):
                    hand_written.append(f"{path.relative_to(base)}::{node.name}")
    assert hand_written == []
    for label in scoped_models():
        queryset = apps.get_model(label)._default_manager.all()
        assert type(queryset).visible_to is scope.ScopedQuerySet.visible_to, label


@pytest.mark.parametrize("label", sorted({label for label, _record in SEES}))
def test_visible_to_matches_the_persona_matrix(label, personas, world):
    model = apps.get_model(label)
    for (row_label, record), row in SEES.items():
        if row_label != label:
            continue
        obj = world[record]
        assert isinstance(obj, model), record
        seen = {name: model.objects.visible_to(user).filter(pk=obj.pk).exists() for name, user in personas.items()}
        assert seen == expected(row), record


@pytest.mark.parametrize("predicate", sorted({name for name, _record in ACTS}))
def test_acting_predicates_match_the_persona_matrix(predicate, personas, world):
    for (name, record), row in ACTS.items():
        if name != predicate:
            continue
        acts = {persona: PREDICATES[name](user, world[record]) for persona, user in personas.items()}
        assert acts == expected(row), record


def test_seeing_follows_acting_on_the_matrix(personas, world):
    """On the matrix's records, whoever the rule says covers or owns a record also sees it."""
    for (name, record), _row in ACTS.items():
        if name not in ("covers", "owns"):
            continue
        obj = world[record]
        for persona, user in personas.items():
            if PREDICATES[name](user, obj):
                assert type(obj).objects.visible_to(user).filter(pk=obj.pk).exists(), (name, record, persona)


def test_a_user_without_an_area_sees_nothing_by_area(hanoi, producer_a, product_a):
    """The relations read the user's area or producer; an officer or producer account without one reaches
    nothing through them (only itself)."""
    users = [
        make_user("xa_trong", Role.COMMUNE_OFFICER),
        make_user("tinh_trong", Role.PROVINCE_OFFICER),
        make_user("cu_trong", Role.PRODUCER),
    ]
    for user in users:
        assert list(Producer.objects.visible_to(user)) == []
        assert list(Product.objects.visible_to(user)) == []
        assert list(User.objects.visible_to(user)) == [user]
        assert (scope.covers(user, producer_a), scope.owns(user, producer_a)) == (False, False)


def test_in_area_keeps_the_users_own_area_or_every_row_for_national_roles(personas, hanoi):
    provinces = Area.objects.current().filter(level=Area.Level.PROVINCE)
    kept = {name: set(scope.in_area(user, provinces).values_list("pk", flat=True)) for name, user in personas.items()}
    everyone = set(provinces.values_list("pk", flat=True))
    assert kept["erin"] == kept["inspector"] == kept["council"] == {hanoi.pk}
    assert kept["frank"] != {hanoi.pk} and len(kept["frank"]) == 1
    assert kept["minh"] == kept["root"] == everyone
    assert kept["carol"] == kept["alice"] == kept["anonymous"] == set()
    within = {name: [p for p in everyone if scope.area_within(user, p)] for name, user in personas.items()}
    assert {name: set(pks) for name, pks in within.items()} == kept


@pytest.fixture
def world(world, personas, hanoi):
    """The conftest's world, with the inspections' and the market's records of producer A."""
    return {
        **world,
        **inspection_records(world, personas, hanoi),
        **market_records(world, personas),
        **buyer_records(world),
        **api_records(personas),
    }
