from datetime import UTC, datetime, timedelta

from fsrs import Rating

from bot.srs import Srs

T0 = datetime(2026, 3, 2, 12, tzinfo=UTC)


def test_ratings_map_right_to_good_and_wrong_to_again() -> None:
    assert Srs.rating(True) is Rating.Good
    assert Srs.rating(False) is Rating.Again


def test_a_miss_comes_back_sooner_than_a_hit() -> None:
    srs = Srs(0.9)
    hit = srs.review(None, True, T0)
    miss = srs.review(None, False, T0)
    assert miss.due < hit.due
    assert miss.due - T0 <= timedelta(days=1)
    assert hit.due - T0 >= timedelta(days=1)


def test_intervals_grow_with_successive_successes_and_card_round_trips() -> None:
    srs = Srs(0.9)
    first = srs.review(None, True, T0)
    second = srs.review(first.card, True, first.due)
    third = srs.review(second.card, True, second.due)
    gaps = [first.due - T0, second.due - first.due, third.due - second.due]
    assert gaps[0] < gaps[1] < gaps[2]
    assert third.stability is not None and third.stability > first.stability  # type: ignore[operator]


def test_retrievability_falls_over_time_and_is_near_target_at_due() -> None:
    srs = Srs(0.9)
    review = srs.review(srs.review(None, True, T0).card, True, T0 + timedelta(days=3))
    r_now = srs.retrievability(review.card, review.last_review)
    r_due = srs.retrievability(review.card, review.due)
    r_late = srs.retrievability(review.card, review.due + timedelta(days=30))
    assert r_now > r_due > r_late
    assert abs(r_due - 0.9) < 0.03


def test_retrievability_from_the_stored_columns_equals_the_cards() -> None:
    """Selection reads stability and last review from their columns, not the card's JSON."""
    srs = Srs(0.9)
    first = srs.review(None, False, T0)
    second = srs.review(first.card, True, T0 + timedelta(days=2))
    for review in (first, second):
        for days in (0, 1, 5, 40):
            at = review.last_review + timedelta(days=days, hours=3)
            assert srs.retrievability_of(review.stability, review.last_review, at) == (
                srs.retrievability(review.card, at)
            )
    assert srs.retrievability_of(None, None, T0) == 0


def test_a_new_cards_id_comes_from_the_injected_clock() -> None:
    review = Srs(0.9).review(None, True, T0)
    assert review.card["card_id"] == int(T0.timestamp() * 1000)
