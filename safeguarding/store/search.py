"""Running searches over the FTS5 index of every record (kept current by triggers: see
:mod:`safeguarding.store.schema.search`).

A search of words alone costs little more than a bare FTS5 query: the bare query
itself (FTS5 ``MATCH``, BM25 rank, ``LIMIT``), then the details of just those rows
by record number, their location names, and the matching words marked in Python
(:mod:`safeguarding.search.snippet`). With filters, they are joined into the FTS5
query; a time band filter (visits only) is worked out in Python from each visit's
times, with the form's bands.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlite_utils import Database

from safeguarding.errors import StorageError
from safeguarding.forms import TimeBand
from safeguarding.model import Observation, Side
from safeguarding.search.query import MARK_END, MARK_START, SearchQuery, SearchResult
from safeguarding.search.snippet import make_snippet, term_tokens
from safeguarding.store.dberrors import DB_ERRORS
from safeguarding.timebands import time_band
from safeguarding.timeutil import date_from_iso, from_iso, utc_to_local

TITLE_WEIGHT = 3.0
"""How much more a word in a record's title counts than one in its text (BM25 column weight)."""
SNIPPET_WORDS = 14
PLAIN_SNIPPET = 160
"""Characters of a record's text shown when only filters were given."""
_BATCH = 200
_SLACK = 20
"""Extra ranked rows read in case some belong to deleted assessments."""
_COLUMNS = (
    "d.rowid AS rowid, d.record_type, d.record_id, d.assessment_id, d.location_id, d.on_date, "
    "d.start_utc, d.end_utc, d.sides, d.title, d.body"
)
_SIDES = {side.value: side for side in Side}


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
        try:
            if match and not anywhere and not _has_filter(query):
                chosen = self._ranked(match, query.limit)
            else:
                chosen = self._filtered(query, match, anywhere)
            names = self._location_names({row["location_id"] for row in chosen if row["location_id"]})
        except DB_ERRORS as error:
            raise StorageError(f"The search could not be run ({error}).") from error
        tokens = term_tokens(fts)
        return [self._result(row, tokens, names, anywhere) for row in chosen]

    def _ranked(self, match: str, limit: int) -> list[dict[str, Any]]:
        """Words alone: the bare FTS5 query's best rows (a few more, for deleted assessments), then their details."""
        wanted = limit + _SLACK
        ranked = self._db.execute(
            f"SELECT rowid, bm25(search_index, {TITLE_WEIGHT}, 1.0) AS score FROM search_index "
            "WHERE search_index MATCH ? ORDER BY score LIMIT ?",
            [match, wanted],
        ).fetchall()
        rows = self._details(ranked)
        if len(rows) < limit and len(ranked) == wanted:  # many deleted assessments in the way: filter in SQL
            return self._filtered(SearchQuery(limit=limit), match, [])
        return rows[:limit]

    def _details(self, ranked: list[tuple[int, float]]) -> list[dict[str, Any]]:
        if not ranked:
            return []
        marks = ", ".join("?" for _ in ranked)
        cursor = self._db.execute(
            f"SELECT {_COLUMNS}, (SELECT a.deleted_at FROM assessments a WHERE a.id = d.assessment_id) AS gone "
            f"FROM search_docs d WHERE d.rowid IN ({marks})",
            [rowid for rowid, _ in ranked],
        )
        columns = [item[0] for item in cursor.description]
        found = {row[0]: dict(zip(columns, row, strict=True)) for row in cursor.fetchall()}
        rows = []
        for rowid, score in ranked:
            row = found.get(rowid)
            if row is not None and row["gone"] is None:
                row["score"] = score
                rows.append(row)
        return rows

    def _filtered(self, query: SearchQuery, match: str, anywhere: list[str]) -> list[dict[str, Any]]:
        """Words and filters: the filters joined into the FTS5 query, then the checks SQL cannot make."""
        sql, params = self._candidates_sql(query, match, anywhere)
        chosen: list[dict[str, Any]] = []
        cursor = self._db.execute(sql, params)
        columns = [item[0] for item in cursor.description]
        while len(chosen) < query.limit:
            batch = cursor.fetchmany(_BATCH)
            if not batch:
                break
            for values in batch:
                row = dict(zip(columns, values, strict=True))
                if self._keeps(row, query):
                    chosen.append(row)
                    if len(chosen) >= query.limit:
                        break
        cursor.close()
        return chosen

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
        columns = _COLUMNS
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

    def _location_names(self, ids: set[str]) -> dict[str, str]:
        if not ids:
            return {}
        marks = ", ".join("?" for _ in ids)
        rows = self._db.execute(f"SELECT id, name FROM locations WHERE id IN ({marks})", sorted(ids)).fetchall()
        return {row[0]: row[1] for row in rows}

    def _result(
        self, row: dict[str, Any], tokens: list[tuple[str, bool]], names: dict[str, str], anywhere: list[str]
    ) -> SearchResult:
        starts = from_iso(row["start_utc"]) if row["start_utc"] else None
        on = utc_to_local(starts).date() if starts else date_from_iso(row["on_date"])
        band = self._band(row)
        weekend = starts is not None and utc_to_local(starts).weekday() >= 5
        text = row["body"] or ""
        snippet = (
            make_snippet(text, tokens, SNIPPET_WORDS)
            or make_snippet(row["title"] or "", tokens, SNIPPET_WORDS)
            or _plain_snippet(text or row["title"] or "", anywhere)
        )
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
            sides=tuple(_SIDES[side] for side in (row["sides"] or "").split() if side in _SIDES),
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
