"""Full-text search over notes, participant names, case references and agreement items.

Every searchable text is one row of ``search_entries``, written by the same transaction that
writes what it indexes (the note projections, the people, the case, the agreement). The row keeps
the text as written and a *folded* copy (accents and case removed, :func:`fold`), so that
"Nguyen" finds "Nguyễn", "Αθηνα" finds "Αθηνά" and "Ольга" is found however it is typed, on every
database:

- SQLite: an external-content FTS5 table over the folded column (``unicode61 remove_diacritics
  2``), kept in step by triggers on ``search_entries``;
- PostgreSQL: a GIN index on ``to_tsvector('simple', folded)``.

User text is never handed to a query parser as it is: :func:`query_terms` keeps only its words,
and each word becomes a quoted FTS5 string (or a quoted ``to_tsquery`` lexeme), so no query can
make the engine fail. Every word must match; the last word of the query, and any word written
with a ``*`` right after it, is matched as the beginning of a word (a *prefix*: ``reconc`` finds
"reconciliation"), so results come while a word is still being typed. Struck-out notes leave
the index; an edited note is indexed by its new text.

The table is not part of the records' metadata: it is the search engine's, built by migration
0003, and the schema comparison leaves it (and FTS5's own tables) out.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    delete,
    insert,
    select,
    text,
)
from sqlalchemy.orm import Session

from facilitator.storage.errors import StoreError
from facilitator.storage.records import (
    ENUM_LENGTH,
    ID_LENGTH,
    AgreementRow,
    CaseRow,
    ParticipantRow,
    SessionRow,
    UTCDateTime,
)

#: The table the search owns, apart from the records' metadata.
search_metadata = MetaData()
search_entries = Table(
    "search_entries",
    search_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(ENUM_LENGTH), nullable=False),
    #: Note id, participant id, case id, or agreement item id.
    Column("ref_id", String(2 * ID_LENGTH + 8), nullable=False),
    Column("session_id", String(ID_LENGTH), nullable=True),
    Column("case_id", String(ID_LENGTH), nullable=True),
    Column("text", Text, nullable=False),
    Column("folded", Text, nullable=False),
)
#: Tables the schema comparison leaves alone (ours and FTS5's shadow tables).
SEARCH_TABLE_PREFIXES = ("search_",)

#: A longer query is cut to its first words: no one types more, and each word costs a lookup.
MAX_TERMS = 16
#: A "word" longer than this is not a word anyone searches for (and PostgreSQL would skip it).
MAX_TERM_LENGTH = 100
#: How much text around the first match a snippet shows, in characters.
SNIPPET_CHARS = 160
#: A shorter word is matched whole even where a prefix is asked for: "a*" or "r" would
#: match a large part of every note, which is slow and finds nothing useful.
MIN_PREFIX_LENGTH = 2

_WORD = re.compile(r"\w+")
#: A word, and whether a ``*`` follows it directly (``reconc*``).
_QUERY_WORD = re.compile(r"(\w+)(\*?)")


class SearchKind(StrEnum):
    """What a search hit is."""

    NOTE = "note"
    PARTICIPANT = "participant"
    CASE = "case"
    AGREEMENT_ITEM = "agreement_item"


class SearchError(StoreError):
    """The query holds nothing to search for; the message says so in plain words."""


@dataclass(frozen=True, slots=True)
class Term:
    """One word to look for, folded.

    Attributes:
        word: The folded word.
        prefix: Whether a word that merely begins with ``word`` matches too.
    """

    word: str
    prefix: bool = False

    def matches(self, folded_word: str) -> bool:
        """Whether a folded word of a text is matched by this term."""
        if self.prefix:
            return folded_word.startswith(self.word)
        return folded_word == self.word


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One thing that matched a search.

    Attributes:
        kind: What matched.
        ref_id: The note id, participant id, case id, or agreement item id.
        session_id: The session it belongs to (``None`` for a case).
        case_id: The case it belongs to.
        case_reference: The case's reference.
        snippet: The matching text, cut around the first match (``…`` marks a cut).
        highlights: ``(start, end)`` offsets of the matching words in ``snippet``.
        rank: Relevance; higher is better (comparable only within one search).
        session_date: When the session started, else when it was set up (UTC); ``None`` for
            a case.
    """

    kind: SearchKind
    ref_id: str
    session_id: str | None
    case_id: str | None
    case_reference: str
    snippet: str
    highlights: tuple[tuple[int, int], ...]
    rank: float
    session_date: datetime | None = None

    @property
    def marked_snippet(self) -> str:
        """The snippet with each matching word between « and »."""
        parts: list[str] = []
        last = 0
        for start, end in self.highlights:
            parts += [self.snippet[last:start], "«", self.snippet[start:end], "»"]
            last = end
        parts.append(self.snippet[last:])
        return "".join(parts)


# ----------------------------------------------------------------------------- text


def fold(value: str) -> str:
    """``value`` without accents and case: what is indexed and what is looked for.

    Combining marks are dropped after a compatibility decomposition (é, ễ, ά, й, Arabic
    harakat), then the text is case-folded.
    """
    decomposed = unicodedata.normalize("NFKD", value)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare.casefold())


def folded_words(value: str) -> str:
    """What is indexed for ``value``: its folded words, one space apart.

    Only the words, so that every engine splits the text as the highlighter does.
    """
    return " ".join(_WORD.findall(fold(value)))


def query_terms(query: str) -> list[Term]:
    """The terms of ``query``: its folded words in order, without repeats.

    Punctuation and operators go. The last word, and every word followed directly by ``*``, is
    a prefix (if it has at least :data:`MIN_PREFIX_LENGTH` characters).

    Raises:
        SearchError: the query holds no word.
    """
    found: dict[str, bool] = {}
    last = ""
    for match in _QUERY_WORD.finditer(fold(query.replace("\x00", " "))):
        word, star = match.group(1), bool(match.group(2))
        if len(word) > MAX_TERM_LENGTH:
            continue
        if word not in found and len(found) == MAX_TERMS:
            # The words after the first MAX_TERMS are cut, the last one typed with them.
            last = ""
            break
        found[word] = found.get(word, False) or star
        last = word
    if not found:
        raise SearchError("Type a word to search for: names, words of a note, a case reference.")
    return [
        Term(word, prefix=(star or word == last) and len(word) >= MIN_PREFIX_LENGTH)
        for word, star in found.items()
    ]


def search_terms(query: str) -> list[str]:
    """The folded words of ``query``, in order, without repeats; punctuation and operators go.

    Raises:
        SearchError: the query holds no word.
    """
    return [term.word for term in query_terms(query)]


def fts5_query(terms: Iterable[str | Term]) -> str:
    """An FTS5 query that matches rows holding every term: each term a quoted string.

    A plain string is matched whole; a prefix :class:`Term` gets FTS5's ``*`` after its quotes.
    """
    parts = []
    for term in terms:
        word, prefix = (term, False) if isinstance(term, str) else (term.word, term.prefix)
        parts.append('"' + word.replace('"', '""') + '"' + ("*" if prefix else ""))
    return " ".join(parts)


def tsquery_text(terms: Iterable[Term]) -> str:
    """A PostgreSQL ``to_tsquery`` text that matches rows holding every term.

    Each word is a quoted lexeme (quotes and backslashes doubled), ``:*`` marks a prefix, and
    ``&`` joins them, so no word is ever read as an operator.
    """
    parts = []
    for term in terms:
        quoted = "'" + term.word.replace("\\", "\\\\").replace("'", "''") + "'"
        parts.append(quoted + (":*" if term.prefix else ""))
    return " & ".join(parts)


def make_snippet(
    value: str, terms: Iterable[str | Term]
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Cut ``value`` around its first matching word; return it with the matches' offsets.

    A plain string term matches a whole word; a prefix :class:`Term` also matches a word that
    begins with it (the whole word is marked).
    """
    terms = list(terms)
    wanted = {term for term in terms if isinstance(term, str)}
    wanted |= {term.word for term in terms if isinstance(term, Term) and not term.prefix}
    prefixes = tuple(term.word for term in terms if isinstance(term, Term) and term.prefix)
    matches = [
        m.span()
        for m in _WORD.finditer(value)
        if (word := fold(m.group())) in wanted or (prefixes and word.startswith(prefixes))
    ]
    start = 0
    if matches and len(value) > SNIPPET_CHARS:
        start = max(0, matches[0][0] - SNIPPET_CHARS // 4)
    end = min(len(value), start + SNIPPET_CHARS)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(value) else ""
    shift = len(prefix) - start
    spans = tuple((a + shift, b + shift) for a, b in matches if a >= start and b <= end)
    return prefix + value[start:end] + suffix, spans


# ----------------------------------------------------------------------------- writing


def _replace(
    s: Session, kind: SearchKind, ref_ids: Iterable[str], rows: list[dict[str, Any]]
) -> None:
    s.execute(
        delete(search_entries).where(
            search_entries.c.kind == kind.value, search_entries.c.ref_id.in_(list(ref_ids))
        )
    )
    if rows:
        s.execute(insert(search_entries), rows)


def _row(
    kind: SearchKind, ref_id: str, session_id: str | None, case_id: str | None, value: str
) -> dict[str, Any]:
    return {
        "kind": kind.value,
        "ref_id": ref_id,
        "session_id": session_id,
        "case_id": case_id,
        "text": value,
        "folded": folded_words(value),
    }


def _case_of(s: Session, session_id: str) -> str | None:
    return s.scalar(select(SessionRow.case_id).where(SessionRow.id == session_id))


def index_note(s: Session, session_id: str, note_id: str, value: str | None) -> None:
    """Index a note's current text, or take it out of the index (``None``: struck out)."""
    rows = []
    if value is not None:
        rows.append(_row(SearchKind.NOTE, note_id, session_id, _case_of(s, session_id), value))
    _replace(s, SearchKind.NOTE, [note_id], rows)


def index_people(s: Session, session_id: str) -> None:
    """Index the names of everyone in the session (after any change to its people)."""
    case_id = _case_of(s, session_id)
    people = s.execute(
        select(ParticipantRow.id, ParticipantRow.display_name, ParticipantRow.address_as).where(
            ParticipantRow.session_id == session_id
        )
    ).all()
    s.execute(
        delete(search_entries).where(
            search_entries.c.kind == SearchKind.PARTICIPANT.value,
            search_entries.c.session_id == session_id,
        )
    )
    rows = [
        _row(SearchKind.PARTICIPANT, pid, session_id, case_id, _names(name, address_as))
        for pid, name, address_as in people
    ]
    if rows:
        s.execute(insert(search_entries), rows)


def _names(display_name: str, address_as: str) -> str:
    if address_as.strip() and address_as.strip() != display_name.strip():
        return f"{display_name} ({address_as})"
    return display_name


def index_case(s: Session, case_id: str) -> None:
    """Index a case's reference (after adding or editing the case)."""
    reference = s.scalar(select(CaseRow.reference).where(CaseRow.id == case_id))
    rows = [] if reference is None else [_row(SearchKind.CASE, case_id, None, case_id, reference)]
    _replace(s, SearchKind.CASE, [case_id], rows)


def index_agreement(s: Session, session_id: str) -> None:
    """Index the items of the session's newest agreement version (older versions are history)."""
    latest = s.execute(
        select(AgreementRow.id, AgreementRow.payload_json)
        .where(AgreementRow.session_id == session_id)
        .order_by(AgreementRow.version.desc(), AgreementRow.created_at.desc())
        .limit(1)
    ).first()
    s.execute(
        delete(search_entries).where(
            search_entries.c.kind == SearchKind.AGREEMENT_ITEM.value,
            search_entries.c.session_id == session_id,
        )
    )
    if latest is None:
        return
    agreement_id, payload = latest
    case_id = _case_of(s, session_id)
    items = json.loads(payload).get("items") or []
    rows = [
        _row(
            SearchKind.AGREEMENT_ITEM,
            str(item.get("id") or f"{agreement_id}:{n}"),
            session_id,
            case_id,
            description,
        )
        for n, item in enumerate(items, start=1)
        if isinstance(item, dict) and isinstance(description := item.get("description"), str)
    ]
    if rows:
        s.execute(insert(search_entries), rows)


# ----------------------------------------------------------------------------- reading

_SQLITE_SEARCH = text(
    """
    SELECT e.kind, e.ref_id, e.session_id, e.case_id, c.reference, e.text, -f.rank AS score,
           s.started_at AS started, s.created_at AS created
    FROM (SELECT rowid, rank FROM search_fts WHERE search_fts MATCH :q
          ORDER BY rank LIMIT :limit) AS f
    JOIN search_entries AS e ON e.id = f.rowid
    LEFT JOIN cases AS c ON c.id = e.case_id
    LEFT JOIN sessions AS s ON s.id = e.session_id
    ORDER BY f.rank
    """
).bindparams(bindparam("q"), bindparam("limit"))

_PG_SEARCH = text(
    """
    SELECT e.kind, e.ref_id, e.session_id, e.case_id, c.reference, e.text,
           ts_rank(to_tsvector('simple'::regconfig, e.folded), q.query) AS score,
           s.started_at AS started, s.created_at AS created
    FROM search_entries AS e
    CROSS JOIN (SELECT to_tsquery('simple'::regconfig, :q) AS query) AS q
    LEFT JOIN cases AS c ON c.id = e.case_id
    LEFT JOIN sessions AS s ON s.id = e.session_id
    WHERE to_tsvector('simple'::regconfig, e.folded) @@ q.query
    ORDER BY score DESC, e.id
    LIMIT :limit
    """
).bindparams(bindparam("q"), bindparam("limit"))
# The session times come back as aware UTC datetimes on both databases.
_SQLITE_SEARCH_TYPED = _SQLITE_SEARCH.columns(started=UTCDateTime(), created=UTCDateTime())
_PG_SEARCH_TYPED = _PG_SEARCH.columns(started=UTCDateTime(), created=UTCDateTime())


def search(s: Session, query: str, limit: int = 20) -> list[SearchHit]:
    """The best ``limit`` matches of every word of ``query``, best first.

    The last word (and any word followed by ``*``) may match the beginning of a word; see
    :func:`query_terms`.

    Raises:
        SearchError: the query holds no word to search for.
    """
    terms = query_terms(query)
    if limit <= 0:
        return []
    if s.get_bind().dialect.name == "sqlite":
        rows = s.execute(_SQLITE_SEARCH_TYPED, {"q": fts5_query(terms), "limit": limit}).all()
    else:
        rows = s.execute(_PG_SEARCH_TYPED, {"q": tsquery_text(terms), "limit": limit}).all()
    hits = []
    for kind, ref_id, session_id, case_id, reference, value, score, started, created in rows:
        snippet, spans = make_snippet(value, terms)
        hits.append(
            SearchHit(
                kind=SearchKind(kind),
                ref_id=ref_id,
                session_id=session_id,
                case_id=case_id,
                case_reference=reference or "",
                snippet=snippet,
                highlights=spans,
                rank=float(score),
                session_date=started or created,
            )
        )
    return hits
