"""Running searches over the FTS5 index of every record (kept current by triggers: see
:mod:`safeguarding.store.schema.search`).

A search runs in two steps so it costs little more than a bare FTS5 query: first
the ranked record numbers (FTS5 ``MATCH``, BM25 rank, the filters joined in,
``LIMIT``), then the snippets and location names of just those. A time band filter
(visits only) is worked out in Python from each visit's times, with the form's bands.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlite_utils import Database

from safeguarding.forms import TimeBand
from safeguarding.model import Observation, Side
from safeguarding.search.query import MARK_END, MARK_START, SearchQuery, SearchResult
from safeguarding.store.dberrors import DB_ERRORS
from safeguarding.timebands import time_band
from safeguarding.timeutil import date_from_iso, from_iso, utc_to_local

TITLE_WEIGHT = 3.0
"""How much more a word in a record's title counts than one in its text (BM25 column weight)."""
SNIPPET_WORDS = 14
PLAIN_SNIPPET = 160
"""Characters of a record's text shown when only filters were given."""
_BATCH = 200


class SearchRepository:
    """Search every record of the database.

    Args:
        db: An open database.
        bands: The form's time bands, for the time band filter and each visit's band in words.
    """

    def __init__(self, db: Database, bands: tuple[TimeBand, ...] = ()) -> None:
        self._db = db
        self.bands = bands

    def search(self, query: SearchQuery) -> list[SearchResult]:
        """Return the best ``query.limit`` records matching ``query``, best first.

        Raises:
            SafeguardingError: a StorageError if the database cannot be read.
        """
        fts, anywhere = query.terms()
        if not fts and not anywhere and not _has_filter(query):
            return []
        match = " AND ".join(fts)
        sql, params = self._candidates_sql(query, match, anywhere)
        chosen: list[dict[str, Any]] = []
        cursor = self._db.execute(sql, params)
        while len(chosen) < query.limit:
            batch = cursor.fetchmany(_BATCH)
            if not batch:
                break
            columns = [item[0] for item in cursor.description]
            for values in batch:
                row = dict(zip(columns, values, strict=True))
                if self._keeps(row, query):
                    chosen.append(row)
                    if len(chosen) >= query.limit:
                        break
        cursor.close()
        snippets = self._snippets(match, [row["rowid"] for row in chosen]) if match else {}
        names = self._location_names({row["location_id"] for row in chosen if row["location_id"]})
        return [self._result(row, snippets, names, anywhere) for row in chosen]

    def _candidates_sql(self, query: SearchQuery, match: str, anywhere: list[str]) -> tuple[str, list[Any]]:
        where = ["(d.assessment_id IS NULL OR EXISTS (SELECT 1 FROM assessments a WHERE a.id = d.assessment_id "
                 "AND a.deleted_at IS NULL))"]  # fmt: skip
        params: list[Any] = []
        types = set(query.record_types)
        if query.time_band:
            types = (types or {"visit"}) & {"visit"} or {"-"}
        if types:
            where.append(f"d.record_type IN ({', '.join('?' for _ in types)})")
            params += sorted(types)
        if query.location_id:
            where.append("d.location_id = ?")
            params.append(query.location_id)
        if query.since:  # a visit's stored day is its UTC day: one day of margin, checked exactly after
            where.append("d.on_date >= ?")
            params.append((query.since - timedelta(days=1)).isoformat())
        if query.until:
            where.append("d.on_date <= ?")
            params.append((query.until + timedelta(days=1)).isoformat())
        if query.side:
            where.append("(' ' || d.sides || ' ') LIKE ?")
            params.append(f"% {query.side.value} %")
        for text in anywhere:
            where.append("instr(d.title || char(10) || d.body, ?) > 0")
            params.append(text)
        columns = "d.rowid AS rowid, d.record_type, d.record_id, d.assessment_id, d.location_id, d.on_date, " \
                  "d.start_utc, d.end_utc, d.sides, d.title, d.body"  # fmt: skip
        if match:
            sql = (
                f"SELECT {columns}, bm25(search_index, {TITLE_WEIGHT}, 1.0) AS score "
                "FROM search_index JOIN search_docs d ON d.rowid = search_index.rowid "
                f"WHERE search_index MATCH ? AND {' AND '.join(where)} ORDER BY score"
            )
            return sql, [match, *params]
        sql = f"SELECT {columns}, 0.0 AS score FROM search_docs d WHERE {' AND '.join(where)} "
        return sql + "ORDER BY d.on_date IS NULL, d.on_date DESC, d.start_utc DESC", params

    def _keeps(self, row: dict[str, Any], query: SearchQuery) -> bool:
        """Checks SQL cannot make: a visit's UK local day, and its time band."""
        if row["record_type"] == "visit" and row["start_utc"]:
            day = utc_to_local(from_iso(row["start_utc"])).date()
            if (query.since and day < query.since) or (query.until and day > query.until):
                return False
            band = self._band(row) if query.time_band else None
            return not query.time_band or (band is not None and band.id == query.time_band)
        on = date_from_iso(row["on_date"])
        if query.since and (on is None or on < query.since):
            return False
        return not (query.until and (on is None or on > query.until))

    def _band(self, row: dict[str, Any]) -> TimeBand | None:
        if not self.bands or not row["start_utc"] or not row["end_utc"]:
            return None
        visit = Observation(start=from_iso(row["start_utc"]), end=from_iso(row["end_utc"]))
        return time_band(visit, self.bands)

    def _snippets(self, match: str, rowids: list[int]) -> dict[int, str]:
        if not rowids:
            return {}
        marks = ", ".join("?" for _ in rowids)
        try:
            found = self._db.execute(
                f"SELECT rowid, snippet(search_index, -1, ?, ?, '…', {SNIPPET_WORDS}) FROM search_index "
                f"WHERE search_index MATCH ? AND rowid IN ({marks})",
                [MARK_START, MARK_END, match, *rowids],
            ).fetchall()
        except DB_ERRORS:
            return {}
        return {rowid: text for rowid, text in found}

    def _location_names(self, ids: set[str]) -> dict[str, str]:
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        rows = self._db.execute(f"SELECT id, name FROM locations WHERE id IN ({marks})", sorted(ids)).fetchall()
        return {row[0]: row[1] for row in rows}

    def _result(
        self, row: dict[str, Any], snippets: dict[int, str], names: dict[str, str], anywhere: list[str]
    ) -> SearchResult:
        starts = from_iso(row["start_utc"]) if row["start_utc"] else None
        on = utc_to_local(starts).date() if starts else date_from_iso(row["on_date"])
        band = self._band(row)
        weekend = starts is not None and utc_to_local(starts).weekday() >= 5
        snippet = snippets.get(row["rowid"]) or _plain_snippet(row["body"] or row["title"] or "", anywhere)
        return SearchResult(
            record_type=row["record_type"],
            record_id=row["record_id"],
            assessment_id=row["assessment_id"],
            location_id=row["location_id"],
            location_name=names.get(row["location_id"] or "", ""),
            on=on,
            title=row["title"] or "",
            snippet=snippet,
            starts=starts,
            time_band=band.label_for(weekend) if band else "",
            score=float(row["score"] or 0.0),
            sides=tuple(Side(side) for side in (row["sides"] or "").split() if side in Side._value2member_map_),
        )

    def count(self) -> int:
        """How many records the index holds."""
        return int(self._db.execute("SELECT count(*) FROM search_docs").fetchone()[0])

    def bare_query(self, words: str, limit: int = 50) -> list[tuple[int, float]]:
        """A bare FTS5 query (rowid and rank only), the yardstick the benchmark compares searches with."""
        match = SearchQuery(words).match_expression()
        return [
            (rowid, score)
            for rowid, score in self._db.execute(
                f"SELECT rowid, bm25(search_index, {TITLE_WEIGHT}, 1.0) AS score FROM search_index "
                "WHERE search_index MATCH ? ORDER BY score LIMIT ?",
                [match, limit],
            ).fetchall()
        ]


def _has_filter(query: SearchQuery) -> bool:
    return bool(query.record_types or query.location_id or query.since or query.until or query.time_band or query.side)


def _plain_snippet(text: str, anywhere: list[str]) -> str:
    """The start of ``text`` (or the part around the first of ``anywhere``), with the words marked."""
    flat = " ".join(text.split())
    start = 0
    for word in anywhere:
        found = flat.find(word)
        if found >= 0:
            start = max(0, found - PLAIN_SNIPPET // 3)
            break
    piece = flat[start : start + PLAIN_SNIPPET]
    if start > 0:
        piece = "…" + piece
    if start + PLAIN_SNIPPET < len(flat):
        piece += "…"
    for word in anywhere:
        piece = piece.replace(word, f"{MARK_START}{word}{MARK_END}")
    return piece
