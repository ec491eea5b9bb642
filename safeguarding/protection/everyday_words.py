"""Names that are also ordinary English words ("Will", "May", "Green", "Hope").

No package on PyPI offers a modern English word list that tells a name from a
word: ``wordfreq`` and ``pyspellchecker`` fold case, so "sean" is as common as
"will"; the word lists of ``english-words`` (Webster's 1934 dictionary) list
"sam", "tom" and "ann" as words; zxcvbn's lists put every word in one list only,
so "rose" and "green" are there only as names. So the list is kept here, short
and reviewable, with the rule it follows.

**Rule for adding a word**: it is written in lower case in everyday British
English (a modern dictionary lists it as a common noun, verb, adjective or
month), *and* people in the UK carry it as a given name, a nickname or a
surname. Words that are names first ("Sam", "Tom", "Ann", "Joe", "Kay") are
left out on purpose: for them a lower-case "sam" in a phone-typed note is the
name, and is replaced.

How it is used (:mod:`safeguarding.protection.name_matching`): a registered name part
that is in this list is replaced alone only where it is written like a name; a
lower-case "will" is kept, and every capitalised or all-capitals use is shown in
the preview before a redacted export for the user to accept or reject.
"""

from __future__ import annotations

_GIVEN_NAMES = """
    will bill bob rob pat sue drew mark jack frank guy earl dean don art chip buck rusty sandy ray
    grant chase hunter mason carter miles max rich nick jay mo jan bob penny peg dot kit bud
    sonny junior gene jean sky star storm rain river brook dale glen heath rowan willow ash
    jade amber ruby pearl crystal jewel opal coral ivy holly rose lily daisy poppy iris hazel
    violet heather jasmine olive sage saffron fern flora summer autumn winter dawn eve sunny
    faith hope grace joy charity patience prudence constance honour honor mercy chastity
    blessing precious favour favor gift miracle treasure princess queen king prince duke royal
    justice liberty unique marvel marvellous destiny harmony melody journey legend true brave
    bliss fortune lucky happy sincere memory wisdom glory heaven peace promise trinity echo
    lark robin wren finch raven hawk falcon dove angel bunny tiny
    """
"""Given names and nicknames that are everyday words."""

_MONTHS = "january february march april may june july august jan feb mar apr jun jul aug sept oct nov dec"
"""Months and their short forms ("Jan", "May", "April", "June" and "August" are names too)."""

_SURNAMES = """
    smith baker cook butcher butler carpenter mason miller fisher hunter archer farmer gardener
    shepherd turner walker ward warden porter potter slater thatcher weaver knight bishop abbot
    dean pope monk friar chamberlain marshal sheriff squire page steward usher bailey cross church
    chapel hall house castle tower bridge ford brook brooks rivers lake pool wells spring springs
    marsh moor heath field fields wood woods forest grove hill hills vale banks bank shore beach
    cliff stone stones rock clay sands lane street gate gates wall walls park parks green hedge
    hay meadow meadows orchard garden gardens bell bells bond price cash money pound power strong
    sharp swift quick rush frost snow day north south east west long short small little young
    new newman goodman friend love sweet pride gay jolly merry hardy wild wise lamb bull fox wolf
    hart drake crane heron nightingale sparrow swallow swan rook peacock partridge pigeon parrot
    bird fish salmon trout herring pike whale seal reed reeds moss thorn berry cherry plum apple
    hazel ash birch oak oaks elm pine bloom blossom bush law lord major cannon spear arrow lock key
    keys head heart child brown black white grey gray gold silver scarlet blue red pink good best
    noble rich sterling fairweather goodchild salt sugar honey pepper mustard pickles
    """
"""Surnames that are everyday words (trades, places, nature, colours, qualities)."""

ORDINARY_WORDS = frozenset(f"{_GIVEN_NAMES} {_MONTHS} {_SURNAMES}".split())
"""Lower-case, accent-free words that are both everyday English and names (see the module rule)."""

TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lady", "lord", "rev"})
"""Titles: part of a registered name, never replaced on their own."""

_PARTICLES = """
    o ni nic mac mc ui mhic de da di del della dos das du van von der den ter la le st
    bin bint ibn al el abu bat ap ferch
    """
PARTICLES = frozenset(_PARTICLES.split())
"""Name particles, accent-free (Irish "Ó", "Ní", "Mac"; "van", "de", "bin", "al"...): never replaced alone."""
