"""How strong a passphrase is, in words, using zxcvbn (Dropbox's estimator, Python port).

A passphrase is accepted when it has at least 8 characters and either zxcvbn
scores it 3 or 4 ("strong"), or it has 12 or more characters and scores at least 2
without leaning on a word of the user's own context.

zxcvbn knows English words and common passwords but not UK place names: "maidstone2026"
scored "strong" (issue 16). The words of the user's own context (their name and agency,
the places and wards in their database) are passed as ``user_inputs`` (:func:`context_words`),
which zxcvbn treats as the first words an attacker would try. A passphrase that is refused
is never called "fair" or "strong": the words say it is too weak, as the refusal does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

MIN_LENGTH = 8
LONG_LENGTH = 12
WORDS = ("very weak", "weak", "fair", "strong", "very strong")
TOO_WEAK = "too weak to use"
"""The strength in words of a passphrase that scores fair or better but is still refused (e.g. too short)."""


@dataclass(frozen=True)
class Strength:
    """An estimate of a passphrase's strength.

    Attributes:
        score: zxcvbn's score, 0 (very weak) to 4 (very strong).
        words: The score in words, e.g. "fair".
        advice: A plain sentence saying what would make it stronger ("" if nothing).
        acceptable: True if it may be used.
    """

    score: int
    words: str
    advice: str
    acceptable: bool

    def describe(self) -> str:
        """One line for the dialog, e.g. "Strength: fair. Add another word or two."."""
        text = f"Strength: {self.words}."
        return f"{text} {self.advice}" if self.advice else text


def estimate(passphrase: str, user_inputs: list[str] | None = None) -> Strength:
    """Estimate the strength of ``passphrase`` (``user_inputs``: words such as the user's name to penalise)."""
    if not passphrase:
        return Strength(0, WORDS[0], "Type a passphrase: several words you will remember.", False)
    from zxcvbn import zxcvbn  # its word lists load on first use, not at start-up

    result = zxcvbn(passphrase[:100], user_inputs=user_inputs or [])
    score = int(result["score"])
    length = len(passphrase)
    # A long passphrase scoring "fair" is accepted, unless its weakness is a word of the user's own context.
    own_word = any(match.get("dictionary_name") == "user_inputs" for match in result["sequence"])
    acceptable = length >= MIN_LENGTH and (score >= 3 or (length >= LONG_LENGTH and score >= 2 and not own_word))
    feedback = result["feedback"]  # zxcvbn always gives a warning ("" for none) and a list of suggestions
    hint = feedback["warning"].strip()
    suggestions = [s.strip() for s in feedback["suggestions"] if s.strip()]
    if length < MIN_LENGTH:
        advice = f"Use at least {MIN_LENGTH} characters; four or more unrelated words are best."
    elif not acceptable and own_word:
        advice = (
            "It contains a word from your own work (a place, your agency or your name): those are guessed first. "
            "Use unrelated words."
        )
    elif not acceptable:
        advice = " ".join(filter(None, [hint, suggestions[0] if suggestions else "Add another word or two."]))
    else:
        advice = ""
    words = WORDS[score] if acceptable or score < 2 else TOO_WEAK
    return Strength(score, words, advice, acceptable)


def context_words(texts: Iterable[str]) -> list[str]:
    """The words of ``texts`` (names, agencies, places) worth guessing first: lower case, 3 letters or more, once each.

    For example ``["Maidstone Youth Hub", "St Faith's Street"]`` gives
    ``["maidstone", "youth", "hub", "faith", "street"]``.
    """
    seen: dict[str, None] = {}
    for text in texts:
        for word in re.findall(r"[^\W\d_]{3,}", text.casefold()):
            seen.setdefault(word, None)
    return list(seen)
