"""The editors' review queue: pending proposals with the articles behind them. Accepting
records the change through the one writer service (origin news, the articles as evidence);
rejecting needs a reason. GET never writes; each decision is one POST and one service call."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from ..services.errors import ChangeRejected
from .models import Detection, Proposal
from .services.proposals import proposal_accept, proposal_reject

REVIEW_PERM = "channels_app.change_proposal"
PAGE_SIZE = 25


def reviewer_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors go to the admin login; signed-in users without the permission get
    403 (sending them to a login page they are already past would loop)."""
    return login_required(
        permission_required(REVIEW_PERM, raise_exception=True)(view), login_url="admin:login"
    )


class AcceptForm(forms.Form):
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Optional; shown with the change.",
    )
    effective_date = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="When it happened (UTC). Empty: the earliest article's publication time.",
    )

    @property
    def effective_at(self) -> datetime | None:
        day = self.cleaned_data.get("effective_date")
        return datetime.combine(day, time(0), tzinfo=UTC) if day else None


class RejectForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept with the proposal: what the articles got wrong.",
        error_messages={"required": "Say why the proposal is rejected."},
    )


@dataclass
class Card:
    """One proposal as the page shows it, with its two forms (bound after a failed POST)."""

    proposal: Proposal
    accept: AcceptForm
    reject: RejectForm

    @classmethod
    def of(
        cls,
        proposal: Proposal,
        accept: AcceptForm | None = None,
        reject: RejectForm | None = None,
    ) -> "Card":
        prefix = f"p{proposal.pk}"
        return cls(
            proposal,
            accept or AcceptForm(prefix=f"{prefix}-accept"),
            reject or RejectForm(prefix=f"{prefix}-reject"),
        )

    @property
    def forms(self) -> tuple[AcceptForm, RejectForm]:
        return self.accept, self.reject

    @property
    def pending(self) -> bool:
        return self.proposal.status == Proposal.Status.PENDING


def for_review() -> QuerySet[Proposal]:
    """Proposals with their channel, reviewer and detections (article and feed): three
    queries for a whole page, however many proposals and articles it shows."""
    detections = Detection.objects.select_related("article__feed").order_by(
        "article__published_at", "id"
    )
    return Proposal.objects.select_related("channel", "reviewer").prefetch_related(
        Prefetch("detections", queryset=detections)
    )


@reviewer_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    pending = for_review().filter(status=Proposal.Status.PENDING).order_by("-last_seen_at", "-id")
    page = Paginator(pending, PAGE_SIZE).get_page(request.GET.get("page"))
    cards = [Card.of(proposal) for proposal in page]
    return render(request, "review/queue.html", {"page": page, "cards": cards})


@reviewer_required
@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_one(request, pk)


@reviewer_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal, pk=pk)
    form = AcceptForm(request.POST, prefix=f"p{pk}-accept")
    if form.is_valid():
        try:
            proposal = proposal_accept(
                proposal=proposal,
                reviewer=request.user,
                note=form.cleaned_data["note"],
                effective_at=form.effective_at,
            )
        except ChangeRejected as rejected:
            form.add_error(None, rejected)
        else:
            messages.success(
                request,
                f"Accepted: {proposal.channel} is now {proposal.get_state_display().lower()}; "
                "the change is recorded with the articles as evidence.",
            )
            return redirect("review:queue")
    return _render_one(request, pk, accept=form)


@reviewer_required
@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal, pk=pk)
    form = RejectForm(request.POST, prefix=f"p{pk}-reject")
    if form.is_valid():
        try:
            proposal_reject(
                proposal=proposal, reviewer=request.user, reason=form.cleaned_data["reason"]
            )
        except ChangeRejected as rejected:
            form.add_error(None, rejected)
        else:
            messages.success(
                request,
                f"Rejected: {proposal.channel} → {proposal.get_state_display()}.",
            )
            return redirect("review:queue")
    return _render_one(request, pk, reject=form)


def _render_one(
    request: HttpRequest,
    pk: int,
    accept: AcceptForm | None = None,
    reject: RejectForm | None = None,
) -> HttpResponse:
    # A refused decision comes back here with its form's errors; the service wrote nothing.
    proposal = get_object_or_404(for_review(), pk=pk)
    card = Card.of(proposal, accept, reject)
    return render(request, "review/proposal.html", {"card": card, "proposal": proposal})
