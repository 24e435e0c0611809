"""Editors-only endpoints: feeds (list, add), articles, and proposals with their accept and
reject actions. Writes go through news.services.feeds and news.services.proposals."""

from datetime import timedelta
from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from ..api import examples as ex
from ..api.auth import EDITOR
from ..api.base import ApiViewMixin
from ..api.filters import ArticleFilter, FeedFilter, ProposalFilter
from ..api.serializers import (
    AcceptSerializer,
    ArticleDetailSerializer,
    ArticleSerializer,
    FeedCreateSerializer,
    FeedSerializer,
    ProposalDetailSerializer,
    ProposalSerializer,
    RejectSerializer,
)
from .models import Article, Detection, Feed, Proposal
from .services.feeds import feed_create
from .services.proposals import proposal_accept, proposal_reject


class EditorsViewSet(ApiViewMixin, viewsets.GenericViewSet[Any]):
    read_role = EDITOR
    write_role = EDITOR
    lookup_value_regex = "[0-9]+"


class FeedViewSet(EditorsViewSet):
    queryset = Feed.objects.order_by("title", "url", "id")
    serializer_class = FeedSerializer
    filterset_class = FeedFilter

    @extend_schema(summary="Feeds (editors)", examples=[ex.response("Reuters China", ex.FEED)])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(summary="A feed (editors)", examples=[ex.response("Reuters China", ex.FEED)])
    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        summary="Add a feed (editors)",
        description="The URL must be http(s) and resolve to a public address; the feed is "
        "polled at once.",
        request=FeedCreateSerializer,
        responses={201: FeedSerializer},
        examples=[
            ex.request("Reuters China", ex.CREATE_FEED),
            ex.response("Added", ex.FEED, status="201"),
        ],
    )
    def create(self, request: Request) -> Response:
        data = FeedCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        feed = feed_create(
            url=values["url"],
            title=values["title"],
            outlet=values["outlet"],
            enabled=values["enabled"],
            poll_interval=timedelta(minutes=values["poll_interval_minutes"]),
        )
        return Response(self.get_serializer(feed).data, status=status.HTTP_201_CREATED)


class ArticleViewSet(EditorsViewSet):
    queryset = Article.objects.select_related("feed").order_by("-fetched_at", "-id")
    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter

    @extend_schema(summary="Articles (editors)", examples=[ex.response("An article", ex.ARTICLE)])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="An article with what the detector read in it (editors)",
        responses=ArticleDetailSerializer,
        examples=[ex.response("An article", ex.ARTICLE_DETAIL)],
    )
    def retrieve(self, request: Request, pk: int) -> Response:
        article = self.get_object()
        return Response(
            ArticleDetailSerializer(article, context=self.get_serializer_context()).data
        )

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        return qs.prefetch_related("detections") if self.action == "retrieve" else qs


class ProposalViewSet(EditorsViewSet):
    queryset = Proposal.objects.select_related("channel").order_by("-last_seen_at", "-id")
    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        if self.action == "list":
            return qs
        detections = Detection.objects.select_related("article__feed").order_by("id")
        return qs.prefetch_related(Prefetch("detections", queryset=detections))

    def detail_response(self, proposal: Proposal, code: int = status.HTTP_200_OK) -> Response:
        proposal = self.get_queryset().get(pk=proposal.pk)
        context = self.get_serializer_context()
        return Response(ProposalDetailSerializer(proposal, context=context).data, status=code)

    @extend_schema(summary="Proposals (editors)", examples=[ex.response("Pending", ex.PROPOSAL)])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="A proposal with its detections and articles (editors)",
        responses=ProposalDetailSerializer,
        examples=[ex.response("Pending", ex.PROPOSAL_DETAIL)],
    )
    def retrieve(self, request: Request, pk: int) -> Response:
        return self.detail_response(self.get_object())

    @extend_schema(
        summary="Accept a proposal (editors)",
        description="Records the proposed change through the writer service (origin `news`, "
        "the articles as evidence). 400 if the change is refused or the proposal was already "
        "decided; nothing is written then.",
        request=AcceptSerializer,
        responses=ProposalDetailSerializer,
        examples=[
            ex.request("Accept", {"note": "Confirmed by the Pentagon readout."}),
            ex.response("Accepted", ex.ACCEPTED),
        ],
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: int) -> Response:
        proposal = self.get_object()
        data = AcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = proposal_accept(
            proposal=proposal,
            reviewer=request.user,
            note=data.validated_data["note"],
            effective_at=data.validated_data["effective_at"],
        )
        return self.detail_response(proposal)

    @extend_schema(
        summary="Reject a proposal (editors)",
        request=RejectSerializer,
        responses=ProposalDetailSerializer,
        examples=[
            ex.request("Reject", {"reason": "The articles report a proposal, not an agreement."}),
            ex.response("Rejected", ex.REJECTED),
        ],
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: int) -> Response:
        proposal = self.get_object()
        data = RejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proposal = proposal_reject(
            proposal=proposal, reviewer=request.user, reason=data.validated_data["reason"]
        )
        return self.detail_response(proposal)
