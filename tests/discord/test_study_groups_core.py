"""`bot.groups.GroupBook` on a real database: marking groups, role membership, group boards,
and the `group_members` migration (0002) up and down."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, select

from adapters.services import Services
from bot.errors import NotAllowed, NotFound, TutorError
from bot.groups import GroupBook
from bot.identity import Actor
from bot.storage.models import GroupMember
from tests.helpers import make_actor

ADMIN = make_actor("UADMIN", "Admin", is_admin=True, channel="C-GROUP", channel_name="cohort")


def _member(user: str, **kwargs: object) -> Actor:
    """A member as every interaction names them (the latest name seen is the one kept)."""
    return make_actor(user, user.title(), **kwargs)


def _score(services: Services, user: str, correct: int, channel: str = "C-ELSEWHERE") -> None:
    actor = _member(user, channel=channel)
    questions = list(services.tutor.bank.by_id.values())
    for q in questions[:correct]:
        services.tutor.submit_answer(actor, q.id, q.key, idempotency_key=f"{user}:{q.id}")


@pytest.fixture
def book(services: Services) -> GroupBook:
    return services.core.groups


def test_only_admins_mark_and_unmark(book: GroupBook) -> None:
    member = make_actor("U1", channel="C-GROUP")
    with pytest.raises(NotAllowed):
        book.mark(member, "R1")
    group = book.mark(ADMIN, "R1")
    assert group.role_id == "R1" and group.name == "cohort" and group.scope.startswith("g:")
    with pytest.raises(NotAllowed):
        book.unmark(member)
    book.unmark(ADMIN)
    with pytest.raises(NotFound):
        book.unmark(ADMIN)
    assert book.groups(ADMIN) == []


def test_sync_roles_adds_and_removes_membership(book: GroupBook, services: Services) -> None:
    group = book.mark(ADMIN, "R1")
    kim = make_actor("UKIM", "Kim", channel="C-OTHER")

    assert [g.channel_id for g in book.sync_roles(kim, ["R9", "R1"])] == [group.channel_id]
    assert book.sync_roles(kim, ["R1"])  # idempotent
    assert book.groups(ADMIN)[0].members == 1
    assert book.member_groups(kim)[0].channel_id == group.channel_id

    assert book.sync_roles(kim, []) == []
    assert book.member_groups(kim) == []
    with services.tutor.db.session() as s:
        assert s.scalars(select(GroupMember)).all() == []


def test_role_board_ranks_members_only_and_finds_me_off_the_page(
    book: GroupBook, services: Services
) -> None:
    group = book.mark(ADMIN, "R1")
    for user, correct in (("UA", 4), ("UB", 3), ("UOUT", 9), ("UC", 2), ("UD", 1)):
        _score(services, user, correct)
        if user != "UOUT":
            book.sync_roles(_member(user), ["R1"])

    board = book.board(_member("UD"), group, "week", limit=2)
    assert [r.display_name for r in board.rows] == ["Ua", "Ub"]
    assert [r.rank for r in board.rows] == [1, 2]
    assert board.total == 4  # UOUT scored most but holds no role
    assert board.me is not None and board.me.rank == 4 and board.me.points == 11

    page2 = book.board(_member("UA"), group, "week", limit=2, offset=2)
    assert [r.rank for r in page2.rows] == [3, 4]
    assert page2.me is not None and page2.me.rank == 1

    outsider = book.board(_member("UOUT"), group, "week")
    assert outsider.me is None
    with pytest.raises(TutorError):
        book.board(_member("UA"), group, "year")


def test_channel_group_board_is_the_channel_board(book: GroupBook, services: Services) -> None:
    group = book.mark(ADMIN, None)
    _score(services, "UA", 2, channel="C-GROUP")
    _score(services, "UB", 5, channel="C-ELSEWHERE")

    board = book.board(_member("UA", channel="C-GROUP"), group, "all")
    assert [r.display_name for r in board.rows] == ["Ua"]
    assert board.scope == f"c:{group.channel_id}"


def test_rebinding_a_group_to_another_role_forgets_old_members(book: GroupBook) -> None:
    book.mark(ADMIN, "R1")
    book.sync_roles(make_actor("UKIM"), ["R1"])
    group = book.mark(ADMIN, "R2")
    assert group.members == 0 and group.role_id == "R2"


def test_resolve_prefers_this_channel_then_my_role_groups(book: GroupBook) -> None:
    here = book.mark(ADMIN, None)
    other = book.mark(
        make_actor("UADMIN", is_admin=True, channel="C-OTHER", channel_name="other"), "R1"
    )
    kim = make_actor("UKIM", channel="C-GROUP")
    book.sync_roles(kim, ["R1"])

    group, others = book.resolve(kim)
    assert group == here and [g.channel_id for g in others] == [other.channel_id]
    group, others = book.resolve(make_actor("UKIM", channel="C-RANDOM"))
    assert group is not None and group.channel_id == other.channel_id and others == []
    assert book.resolve(make_actor("ULONE", channel="C-RANDOM")) == (None, [])


def test_group_members_migration_down_and_up(services: Services) -> None:
    db = services.tutor.db
    assert "group_members" in inspect(db.engine).get_table_names()
    db.downgrade("0001")
    assert "group_members" not in inspect(db.engine).get_table_names()
    db.upgrade()
    assert "group_members" in inspect(db.engine).get_table_names()
