"""How strong a passphrase is, in words, using zxcvbn (Dropbox's estimator, Python port).

A passphrase is accepted when it has at least 8 characters and either zxcvbn
scores it 3 or 4 ("strong"), or it has 12 or more characters and scores at least 2.
"""

from __future__ import annotations

from dataclasses import dataclass

MIN_LENGTH = 8
LONG_LENGTH = 12
WORDS = ("very weak", "weak", "fair", "strong", "very strong")


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
    acceptable = length >= MIN_LENGTH and (score >= 3 or (length >= LONG_LENGTH and score >= 2))
    feedback = result["feedback"]  # zxcvbn always gives a warning ("" for none) and a list of suggestions
    hint = feedback["warning"].strip()
    suggestions = [s.strip() for s in feedback["suggestions"] if s.strip()]
    if length < MIN_LENGTH:
        advice = f"Use at least {MIN_LENGTH} characters; four or more unrelated words are best."
    elif not acceptable:
        advice = " ".join(filter(None, [hint, suggestions[0] if suggestions else "Add another word or two."]))
    else:
        advice = ""
    return Strength(score, WORDS[score], advice, acceptable)
