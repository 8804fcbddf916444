"""`/ciip me export` and `/ciip me delete`: the member's rows as JSON, then none left anywhere.

The deletion check walks every table and column of the schema (not a list kept by hand), on
SQLite and, with CIIP_TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import String, Text, func, select

from adapters.services import Services
from bot.actions import answer_daily, delete_me, parse_action
from bot.clock import FixedClock
from bot.identity import Actor
from bot.storage.models import (
    Base,
    DailyPost,
    GroupMember,
    Member,
    ReminderSent,
)
from tests.helpers import RecordingMessenger, make_actor


async def _fill(services: Services, who: Actor) -> None:
    """Rows in every table a member can have: quiz, daily, CE, exam, reminders, groups."""
    core = services.core
    admin = make_actor("ADMIN", is_admin=True)
    core.attach(messenger=RecordingMessenger())
    await core.handle_text(admin, "daily now")
    await core.handle_text(who, "quiz")
    item = core.quiz.open_question(who)
    assert item is not None
    await core.handle_click(who, f"ciip:a:{item.issued_id}:A")
    reported = await core.handle_text(who, f"report {item.question.id} wrong-key")
    assert reported.ok, reported.text
    with core.ctx.read() as s:
        post_id = s.scalars(select(DailyPost.id)).one()
    for person in (who, make_actor("OTHER")):
        await core.handle_click(person, answer_daily(post_id, "B"))
    await core.handle_text(who, "ce setup 2020-05-01")
    await core.handle_text(who, 'ce log 2 "PACS webinar"')
    await core.handle_text(who, "exam start short")
    await core.handle_text(who, "exam finish")
    await core.handle_text(who, "exam start short")  # one open exam too
    with core.ctx.work() as u:
        key = u.member(who)
        channel = u.channel(who)
        assert channel is not None
        u.session.add(
            ReminderSent(
                member_id=key.member_id, kind="renewal", occasion="2026", sent_at=core.ctx.now()
            )
        )
        u.session.add(
            GroupMember(channel_id=channel, member_id=key.member_id, seen_at=core.ctx.now())
        )


def _private(user: str = "U1") -> Actor:
    return make_actor(user, files_private=True)


async def test_export_is_json_with_the_member_s_rows(services: Services) -> None:
    me = _private()
    await _fill(services, me)
    result = await services.core.handle_text(me, "me export")
    [attachment] = result.messages[0].attachments
    assert attachment.mime == "application/json" and attachment.filename.endswith(".json")
    data = json.loads(attachment.data)
    assert data["member"]["external_id"] == "U1"
    tables = data["tables"]
    for name in (
        "answers",
        "srs_cards",
        "domain_stats",
        "score_buckets",
        "issued",
        "ce_entries",
        "reminders_sent",
        "group_members",
        "mock_exams",
        "mock_exam_items",
        "question_reports",
    ):
        assert tables.get(name), name
    member_id = data["member"]["id"]
    assert all(r["member_id"] == member_id for r in tables["answers"])
    assert len(tables["answers"]) == 1 + 1 + 0  # quiz + daily; an unanswered exam adds none


async def test_delete_leaves_no_row_with_the_member_s_id(
    services: Services, clock: FixedClock
) -> None:
    core = services.core
    me = _private()
    await _fill(services, me)
    with core.ctx.read() as s:
        member_id = s.scalar(select(Member.id).where(Member.external_id == "U1"))
        post_id = s.scalars(select(DailyPost.id)).one()
    before = core.daily.tally(post_id)
    asked = await core.handle_text(me, "me delete")
    [button] = asked.messages[0].buttons
    assert parse_action(button.action_id) is not None
    done = await core.handle_click(me, button.action_id)
    assert done.ok and "deleted" in done.text
    with core.ctx.read() as s:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                to_members = any(fk.column.table.name == "members" for fk in column.foreign_keys)
                if (
                    to_members
                    or column.name in ("member_id", "open_slot")
                    or (table.name == "members" and column.name == "id")
                ):
                    hits = s.scalar(
                        select(func.count()).select_from(table).where(column == member_id)
                    )
                    assert hits == 0, f"{table.name}.{column.name} still holds the member id"
                if isinstance(column.type, String | Text):
                    hits = s.scalar(select(func.count()).select_from(table).where(column == "U1"))
                    assert hits == 0, f"{table.name}.{column.name} still holds the user id"
        assert "OTHER" in set(s.scalars(select(Member.external_id)))  # others are untouched
    assert core.daily.tally(post_id) == before  # the channel keeps its anonymous count
    # the member may start again from scratch
    again = await core.handle_text(me, "streak")
    assert again.ok and "0" in again.text


async def test_refused_in_a_shared_channel_and_stale_confirm(
    services: Services, clock: FixedClock
) -> None:
    core = services.core
    public = make_actor("U1")  # files_private defaults to False
    for sub in ("export", "delete"):
        result = await core.handle_text(public, f"me {sub}")
        assert not result.ok and "direct message" in result.text
        assert not any(m.attachments or m.buttons for m in result.messages)
    me = _private()
    await core.handle_text(me, "quiz")
    asked = await core.handle_text(me, "me delete")
    action_id = asked.messages[0].buttons[0].action_id
    clock.advance(minutes=16)
    late = await core.handle_click(me, action_id)
    assert not late.ok and "expired" in late.text
    with core.ctx.read() as s:
        assert s.scalar(select(func.count()).select_from(Member)) == 1
    forged = await core.handle_click(me, delete_me(0))
    assert not forged.ok


def test_admin_cli_style_calls_by_ids(services: Services) -> None:
    core = services.core
    with core.ctx.work() as u:
        u.member(make_actor("U7"))
    data = core.my_data.export("test", "W1", "U7")
    assert data["member"]["external_id"] == "U7" and date.fromisoformat(data["exported_at"][:10])
    report = core.my_data.delete("test", "W1", "U7")
    assert report.rows["members"] == 1
