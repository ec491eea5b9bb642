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
