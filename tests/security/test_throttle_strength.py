"""Growing delay after wrong passphrases (no sleeping: an injected clock) and passphrase strength in words."""

from __future__ import annotations

from safeguarding.security.strength import estimate
from safeguarding.security.throttle import UnlockThrottle, delay_after


def test_delays_grow_then_cap() -> None:
    assert [delay_after(n) for n in range(1, 10)] == [0, 0, 1, 2, 4, 8, 16, 32, 60]


def test_throttle_counts_down_with_the_clock_and_resets_on_success() -> None:
    now = [100.0]
    throttle = UnlockThrottle(lambda: now[0])
    assert throttle.record_failure() == 0 and throttle.wait_seconds() == 0
    throttle.record_failure()
    assert throttle.record_failure() == 1
    assert throttle.wait_seconds() == 1
    now[0] += 0.6
    assert 0 < throttle.wait_seconds() < 1
    now[0] += 0.5
    assert throttle.wait_seconds() == 0
    assert throttle.record_failure() == 2
    throttle.record_success()
    assert throttle.wait_seconds() == 0 and throttle.failures == 0


def test_strength_in_words_and_minimum() -> None:
    weak = estimate("password1")
    assert not weak.acceptable and weak.words == "very weak" and weak.describe().startswith("Strength: very weak.")
    short = estimate("Xq7!")
    assert not short.acceptable and "at least 8" in short.advice
    strong = estimate("tulip harbour lantern seven")
    assert strong.acceptable and strong.score >= 3 and strong.advice == ""
    assert not estimate("").acceptable


def test_the_wait_survives_a_restart_and_a_damaged_state_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from safeguarding.security.throttle import FREE_TRIES, MAX_DELAY_S, read_state, state_path

    database = tmp_path / "db.sqlite3"
    wall, mono = [5_000.0], [10.0]
    first = UnlockThrottle(lambda: mono[0], lambda: wall[0])
    first.bind(database)
    for _ in range(5):
        delay = first.record_failure()
    assert delay == 4
    # A new process (new monotonic clock) on the same database takes up the wait and the count.
    second = UnlockThrottle(lambda: 0.0, lambda: wall[0] + 1)
    second.bind(database)
    assert second.failures == 5 and second.wait_seconds() == 3
    assert second.record_failure() == 8
    # The computer's clock moved back a day: the wait is still at most the delay of the count.
    assert read_state(state_path(database), wall[0] - 86_400)[1] == 8
    # A damaged or edited file never locks anyone out and never crashes.
    for garbage in ('{"failures": 1e309, "allowed_at": "x"}', "not json", "[]", '{"failures": true}', ""):
        state_path(database).write_text(garbage, encoding="utf-8")
        third = UnlockThrottle(lambda: 0.0, lambda: wall[0])
        third.bind(database)
        assert third.failures == FREE_TRIES and third.wait_seconds() == 0
    state_path(database).write_text('{"failures": 99999999, "allowed_at": 1e300}', encoding="utf-8")
    fourth = UnlockThrottle(lambda: 0.0, lambda: wall[0])
    fourth.bind(database)
    assert fourth.wait_seconds() == MAX_DELAY_S
    fourth.record_success()
    assert not state_path(database).exists()


def test_a_refused_passphrase_is_never_called_fair_or_strong() -> None:
    """Issue 16: "Sam2026" showed as fair and was then refused for being fair."""
    short = estimate("Sam2026")
    assert not short.acceptable and short.words == "too weak to use"
    assert short.describe().startswith("Strength: too weak to use. Use at least 8 characters")


def test_the_users_own_places_and_agency_make_a_passphrase_weak() -> None:
    """Issue 16: "maidstone2026" was rated strong: zxcvbn does not know UK towns, but the user's context does."""
    from safeguarding.security.strength import context_words

    known = context_words(["Sam Example", "Maidstone Youth Hub", "Brenchley Gardens", "High Street"])
    assert known == ["sam", "example", "maidstone", "youth", "hub", "brenchley", "gardens", "high", "street"]
    assert not estimate("maidstone2026", known).acceptable
    assert not estimate("Brenchley2026!", known).acceptable
    assert estimate("tulip harbour lantern seven", known).acceptable  # unrelated words still pass
    assert "a word from your own work" in estimate("Brenchley2026!", known).advice
