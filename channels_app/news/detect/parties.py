"""Which countries a sentence names, and which of them are the sides of a channel.

Per cue, the sides are read from the clause structure: the subject (the list of names before
the verb that is not the object of an earlier verb) and the object (the first list after the
cue that is no go-between, no topic and not the subject of a later verb). The words that
decide it are the language's `parties.toml`.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from django.utils import timezone

from .actors import TREATY
from .gazetteer import LANG_DIR, LANGUAGE, current_table
from .patterns import LanguageError, Table

Pair = tuple[str, str]
# More countries than this acting together, with no other side, meet multilaterally.
_TRILATERAL = 3
# How far (characters) after a bare name a name introduced as the other side still wins.
_NEAR = 40


@dataclass(frozen=True, eq=False)
class PartyWords:
    """A language's words about sides (`lang/<code>/parties.toml`, described there)."""

    go_between_before: re.Pattern[str]
    go_between_after: re.Pattern[str]
    mission_in: re.Pattern[str]
    visitor_in: re.Pattern[str]
    visitor_before: re.Pattern[str]
    venue_after: re.Pattern[str]
    capital_venue_after: re.Pattern[str]
    peace_topic_after: re.Pattern[str]
    member_before: re.Pattern[str]
    member_after: re.Pattern[str]
    korea_side: re.Pattern[str]
    list_glue: re.Pattern[str]
    pronouns: re.Pattern[str]
    members_glue: re.Pattern[str]
    possessive: re.Pattern[str]
    other_side: re.Pattern[str]
    determiner_before: re.Pattern[str]
    coordination: re.Pattern[str]
    verb_coordination: re.Pattern[str]
    same_step: re.Pattern[str]
    gapped: re.Pattern[str]
    topic_before: re.Pattern[str]
    topic_after: re.Pattern[str]
    left_out: re.Pattern[str]
    left_out_after: re.Pattern[str]
    witness_before: re.Pattern[str]
    witness_after: re.Pattern[str]
    non_state_before: re.Pattern[str]
    object_stop: re.Pattern[str]
    mutual: re.Pattern[str]
    joined: re.Pattern[str]
    list_end: re.Pattern[str]


def party_words(language: str = LANGUAGE) -> PartyWords:
    return _party_words(language)


@functools.cache
def _party_words(language: str) -> PartyWords:
    path = LANG_DIR / language / "parties.toml"
    label = f"{language}/parties.toml"
    try:
        with path.open("rb") as handle:
            table = Table(label, "", tomllib.load(handle))
    except FileNotFoundError as exc:
        raise LanguageError(f"{label}: missing") from exc
    except tomllib.TOMLDecodeError as exc:
        raise LanguageError(f"{label}: not valid TOML: {exc}") from exc
    words = PartyWords(**{name: table.pattern(name) for name in PartyWords.__dataclass_fields__})
    table.sub("bodies").strings("names")  # read by the actor table; checked here
    if not {"side", "north"} <= words.korea_side.groupindex.keys():
        raise table.error("korea_side", "needs the named groups `side` and `north`")
    return words


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    codes: tuple[str, ...]
    hint: str | None = None
    body: bool = False  # a multilateral body or gathering: stands as a side, names no country
    capital: bool = False
    # Where the mention is, to read whether it is weak only when asked (most articles in a
    # feed name no pair and never ask); `given` says it outright.
    sentence: str = field(default="", repr=False, compare=False)
    language: str = field(default=LANGUAGE, repr=False, compare=False)
    given: bool | None = field(default=None, repr=False, compare=False)
    # The actor table's type of the words (name, demonym, capital, person, institution ...).
    named_as: str = field(default="", repr=False, compare=False)

    @property
    def left_out(self) -> bool:
        """Named as left out of what the sentence is about ("talks without Russia", "Russia
        was not invited")."""
        words = party_words(self.language)
        before = self.sentence[max(0, self.start - 20) : self.start]
        after = self.sentence[self.end : self.end + 40]
        return bool(words.left_out.search(before) or words.left_out_after.match(after))

    @functools.cached_property
    def weak(self) -> bool:
        """A place, a go-between or a topic ("in Oman", "brokered by China"): a side only
        when nothing else is."""
        if self.given is not None:
            return self.given
        if self.named_as == TREATY:
            return False  # "suspends its part in New START": a treaty is no place
        words = party_words(self.language)
        if self.body:
            # A body is a go-between ("brokered by the AU") or the venue of a meeting of two
            # ("on G20 sidelines"), never a side's stand-in, when the words around say so.
            before = self.sentence[max(0, self.start - 40) : self.start]
            after = self.sentence[self.end : self.end + 30]
            if words.member_before.search(before) and words.member_after.match(after):
                return True  # "the first G7 country to ...": one member, no gathering
            return bool(words.go_between_before.search(before) or words.venue_after.match(after))
        return _is_weak(self.sentence, self.start, self.end, words, capital=self.capital)


def recased(sentence: str, *, on: dt.date, language: str = LANGUAGE) -> str:
    """The sentence in sentence case if it is written in capitals only, for the actor table
    to read its names (`ActorTable.recase`); else the sentence itself."""
    proper = party_words(language).korea_side  # "the South" is a name there
    return current_table(language).recase(sentence, on=on, proper=proper)


def find_mentions(
    sentence: str, *, korea: bool = False, on: dt.date | None = None, language: str = LANGUAGE
) -> list[Mention]:
    """Every name of a country (and of a multilateral body) in `sentence`, in order, with the
    actors valid `on` the day (the article's publication date; today when None); `korea`
    reads "the North" as KP."""
    day = on or timezone.now().date()
    mentions, taken = [], []
    for m in current_table(language).scan(sentence, on=day):  # in order
        taken.append((m.start, m.end))
        if m.codes or m.type == "body":
            capital = m.type == "capital"
            body = m.type == "body"
            mentions.append(
                Mention(
                    m.start,
                    m.end,
                    m.codes,
                    m.hint,
                    body,
                    capital,
                    sentence,
                    language,
                    named_as=m.type,
                )
            )
    if any(m.named_as == "person" for m in mentions):
        mentions += _coordinated(sentence, mentions, taken, day, language)
        mentions.sort(key=lambda mention: mention.start)
        mentions = _visited(sentence, mentions, language)
    if korea:
        words = party_words(language)
        for k in words.korea_side.finditer(sentence):
            if not _overlaps(k.start("side"), k.start("side") + 1, taken):
                code = "KP" if k.group("north") else "KR"
                mentions.append(Mention(k.start(), k.end(), (code,), given=False))
        mentions.sort(key=lambda mention: mention.start)
    return mentions


def _visited(sentence: str, mentions: list[Mention], language: str) -> list[Mention]:
    """A place named right after a person of another country who opens the sentence ("Modi
    in Moscow": the words before the person `visitor_before`, those between them
    `visitor_in`) is the host of the visit, a side, not a venue ("met Gerasimov in Bern")."""
    words = party_words(language)
    out = list(mentions)
    for index in range(1, len(out)):
        person, place = out[index - 1], out[index]
        if (
            person.named_as == "person"
            and place.named_as != "person"
            and not place.body
            and not set(person.codes) & set(place.codes)
            and words.visitor_in.fullmatch(sentence[person.end : place.start])
            and words.visitor_before.fullmatch(sentence[: person.start])
        ):
            out[index] = replace(place, given=False)
    return out


_WORD = re.compile(r"[^\W\d_][\w'’-]*")  # a word of letters, in any script


def _coordinated(
    sentence: str,
    mentions: list[Mention],
    taken: list[tuple[int, int]],
    day: dt.date,
    language: str,
) -> list[Mention]:
    """Names listed with a person the table knows ("Jaishankar and Wang", "Li and Scholz"):
    a capitalised word that is part of the name of office-holders of one country that day
    is that country's side, though the word alone is too common to be read anywhere."""
    words = party_words(language)
    table = current_table(language)
    people = [m for m in mentions if m.named_as == "person"]
    found: list[Mention] = []
    for token in _WORD.finditer(sentence):
        start, end = token.span()
        if not token.group()[0].isupper() or _overlaps(start, end, taken):
            continue
        if words.pronouns.match(token.group()):
            continue  # "He and Austin signed": the person named before, not a surname
        gaps = [sentence[p.end : start] for p in people if p.end <= start] + [
            sentence[end : p.start] for p in people if end <= p.start
        ]
        if not any(gap.strip() and words.list_glue.match(gap) for gap in gaps):
            continue
        actor = table.name_word(token.group(), on=day)
        if actor is None or any(code in m.codes for m in people for code in actor.codes):
            continue  # unknown, or the listed person's own country ("Wang and Xi")
        found.append(
            Mention(
                start,
                end,
                actor.codes,
                actor.hint,
                sentence=sentence,
                language=language,
                named_as="person",
            )
        )
    return found


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _placed(text: str, start: int, words: PartyWords) -> bool:
    """Whether the words before a name make it a place or a go-between ("in Doha", "mediated
    by Qatar"), not a mission there ("embassy in Doha")."""
    before = text[max(0, start - 40) : start]
    return bool(words.go_between_before.search(before)) and not words.mission_in.search(before)


def _is_weak(text: str, start: int, end: int, words: PartyWords, *, capital: bool = False) -> bool:
    before = text[max(0, start - 40) : start]
    if words.mission_in.search(before):
        return False
    return (
        bool(words.go_between_before.search(before))
        or _weak_after(text, end, words, capital, alone=not _joined_before(before, words))
        or _witness(text, start, end, words)
    )


def _witness(text: str, start: int, end: int, words: PartyWords) -> bool:
    """Whether the name is in a list of who watched a ceremony ("..., with Qatar's foreign
    minister and the US envoy at the signing ceremony"): a witness, no side."""
    before = text[max(0, start - 80) : start]
    return bool(
        words.witness_before.search(before) and words.witness_after.match(text[end : end + 80])
    )


def _joined_before(before: str, words: PartyWords) -> bool:
    """Whether a name is the second of two joined ones ("the Israel-Syria talks")."""
    return any(m.end() == len(before) for m in words.joined.finditer(before))


def _weak_after(
    text: str, end: int, words: PartyWords, capital: bool, *, alone: bool = True
) -> bool:
    """Whether the words after a name make it a go-between, a venue or, named `alone` (not
    joined to another name), the topic of peace talks ("US-mediated", "the Singapore summit",
    "launches South Sudan peace talks")."""
    after = text[end : end + 60]
    return bool(
        words.go_between_after.match(after)
        or words.venue_after.match(after)
        or (capital and words.capital_venue_after.match(after))
        or (alone and words.peace_topic_after.match(after))
    )


def codes_of(mentions: Iterable[Mention]) -> list[str]:
    """The distinct codes named, in order of first mention."""
    return list(dict.fromkeys(code for mention in mentions for code in mention.codes))


# --- lists -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """One list of names standing together as one side: "Mali, Burkina Faso and Niger"."""

    mentions: tuple[Mention, ...]

    @property
    def start(self) -> int:
        return self.mentions[0].start

    @property
    def end(self) -> int:
        return self.mentions[-1].end

    @functools.cached_property
    def codes(self) -> tuple[str, ...]:
        return tuple(codes_of(self.mentions))

    @property
    def weak(self) -> bool:
        return self.mentions[0].weak

    @functools.cached_property
    def body(self) -> bool:
        return any(m.body for m in self.mentions)


def lists(mentions: Sequence[Mention], text: str, language: str = LANGUAGE) -> list[list[Mention]]:
    """Mentions grouped into lists ("Mali, Burkina Faso and Niger"); a country named twice
    in a row ("Ethiopia's Abiy") is one name."""
    words = party_words(language)
    groups: list[list[Mention]] = []
    for mention in mentions:
        if groups:
            last = groups[-1][-1]
            gap = text[last.end : mention.start]
            same = mention.codes == last.codes and bool(mention.codes)
            members = last.body and bool(words.members_glue.match(gap))
            if words.list_glue.match(gap) or (same and words.possessive.match(gap)) or members:
                groups[-1].append(mention)
                continue
        groups.append([mention])
    return groups


def group_pairs(mentions: Sequence[Mention], text: str, language: str = LANGUAGE) -> list[Pair]:
    """Pairs named by `mentions` when no cue says how they stand: within one list ("US and
    China"), or between the first list and the side introduced after it."""
    words = party_words(language)
    groups = [g for g in lists([m for m in mentions if m.codes], text, language)]
    if not groups:
        return []
    first = codes_of(groups[0])
    if len(first) > _TRILATERAL:
        return []  # a line-up of four or more, with no cue to say who acts: multilateral
    # The same side named again ("Ethiopia's Abiy") is not the other side.
    later = [g for g in groups[1:] if not set(codes_of(g)) <= set(first)]
    other_side = [g for g in later if words.other_side.search(text[: g[0].start])]
    if not later or (len(first) > 1 and not other_side):
        return _unique(itertools.combinations(first, 2)) if len(first) <= _TRILATERAL else []
    second = codes_of(other_side[0] if other_side else later[0])
    return _unique(itertools.product(first, second))


# --- sides per cue -------------------------------------------------------------------------


@dataclass(frozen=True)
class Sides:
    """What one cue's clause says about its sides. `subject`: who acts; `object`: whom to;
    `blocked`: a multilateral body stands on one side, so no pair of countries is meant;
    `carried`: the object was left out and is the one an earlier cue of the sentence named
    ("A cut ties with B as C recalled its envoy")."""

    subject: tuple[str, ...] = ()
    object: tuple[str, ...] = ()
    blocked: bool = False
    carried: bool = False
    mutual: bool = False  # an object of two introduced as each other's sides ("between")

    def pairs(self) -> list[Pair]:
        """The pairs the clause names by itself: subject by object, or every pair of a
        subject or object of two or three ("India and Pakistan agree", "talks between India
        and Pakistan", "a trilateral summit"); four or more are a multilateral meeting."""
        if self.blocked:
            return []
        if self.subject and self.object:
            return _unique(itertools.product(self.subject, self.object))
        named = self.subject or (self.object if self.mutual else ())
        return _unique(itertools.combinations(named, 2)) if len(named) <= _TRILATERAL else []


def cue_sides(
    text: str,
    mentions: Sequence[Mention],
    cues: Sequence[tuple[int, int, int]],
    language: str = LANGUAGE,
    contact: Sequence[bool] = (),
) -> list[Sides]:
    """The sides of each cue (a `(start, end, limit)`: where the cue starts and ends, where
    the words that may name its object end), in the order given (the sentence's order);
    `contact` says which cues are a meeting or talks (their topic is no side)."""
    words = party_words(language)
    groups = _split_at_clauses(
        [Group(tuple(g)) for g in lists(mentions, text, language)], cues, text, words
    )
    introduced = [
        bool(words.other_side.search(text[max(0, g.start - 30) : g.start])) for g in groups
    ]
    subjects = [_subject(groups, introduced, text, start, words, cues) for start, _, _ in cues]
    # Countries named as a place or a go-between ("in Doha", "mediated by Qatar").
    venues = {
        c
        for m in mentions
        if not m.body and m.named_as != TREATY and _placed(text, m.start, words)
        for c in m.codes
    }
    result: list[Sides] = []
    carry: tuple[str, ...] = ()
    for index, (start, end, limit) in enumerate(cues):
        subject = subjects[index]
        later_subjects = {id(s) for s in subjects[index + 1 :] if s is not None}
        obj = _object(groups, introduced, text, words, (start, end, limit), subject, later_subjects)
        if subject is None and obj is not None and start <= obj.start and obj.end <= end:
            # A side named inside the cue's own words with none before it ("the last Russian
            # troops left Estonia and Latvia"): it acts, and the list after the cue is the
            # other side.
            after = _object(groups, introduced, text, words, (end, end, limit), obj, later_subjects)
            if after is not None and after is not obj:
                subject, obj = obj, after
        if obj is None and subject is not None:
            # "Talks with Iran resumed": the side introduced before the cue.
            obj = _introduced_before(groups, introduced, start, subject)
        if subject is None and obj is None and result:
            # A verb with no subject and no object of its own shares the earlier verb's
            # ("withdrew all staff from A, B and C, suspending relations").
            result.append(replace(result[-1], carried=True))
            continue
        if subject is None and obj is None:
            obj = _introduced_before(groups, introduced, start, None)
        if (subject and subject.body) or (obj and obj.body):
            result.append(Sides(blocked=True))
            continue
        if _non_state_acts(text, start, words):
            result.append(Sides(blocked=True))
            continue
        s_codes = subject.codes if subject else ()
        o_codes = tuple(c for c in obj.codes if c not in s_codes) if obj else ()
        if len(s_codes) >= 2 and o_codes and set(o_codes) <= venues:
            # Two sides meeting where the object is the place ("Tshisekedi and Kagame meet in
            # Doha with Qatar's emir"): the country named as the venue is the host.
            o_codes = ()
        meeting = index < len(contact) and contact[index]
        before_object = text[max(0, obj.start - 20) : obj.start] if obj else ""
        after_object = text[obj.end : obj.end + 60] if obj else ""
        if meeting and len(s_codes) >= 2 and words.topic_after.match(after_object):
            o_codes = ()  # "the two sign a Syria flight safety memorandum": what it is about
        if meeting and words.topic_before.search(before_object) and len(s_codes) != 1:
            # "the US and Russia hold talks on Ukraine", "guarantors meet again on Syria":
            # the topic, whoever meets.
            o_codes = ()
        carried = False
        if s_codes and not o_codes:
            # The object left out is the one an earlier clause named ("A cut ties with B as
            # C recalled its envoy"), read by a cue or not ("A recalls its envoy from B; C
            # and D cut ties").
            earlier = carry or _unread_object(groups, introduced, start, s_codes)
            if earlier and not set(earlier) & set(s_codes):
                o_codes, carried = earlier, True
        if o_codes:
            carry = o_codes
        mutual = bool(obj and not s_codes and _mutual(obj, text, words))
        if s_codes and o_codes and obj is not None and not carried:
            following = cues[index + 1][0] if index + 1 < len(cues) else len(text)
            s_codes += _gapped(groups, obj.end, following, text, words, s_codes + o_codes)
            s_codes += _gapped(
                groups, obj.end, following, text, words, s_codes + o_codes, words.same_step
            )
        result.append(Sides(s_codes, o_codes, carried=carried, mutual=mutual))
    return result


def _gapped(
    groups: list[Group],
    after: int,
    before: int,
    text: str,
    words: PartyWords,
    taken: tuple[str, ...],
    pattern: re.Pattern[str] | None = None,
) -> tuple[str, ...]:
    """Subjects of clauses that leave the verb and its object out, after the object: "Poland
    expelled 45 Russian diplomats, Bulgaria ten and Slovakia three" (each a figure), or that
    say they took the same step ("and Bahrain followed suit")."""
    found: list[str] = []
    for group in groups:
        if not after <= group.start < before or group.weak:
            continue
        if not (pattern or words.gapped).match(text[group.end :]):
            continue
        found += [c for c in group.codes if c not in taken and c not in found]
    return tuple(found)


def _split_at_clauses(
    groups: list[Group], cues: Sequence[tuple[int, int, int]], text: str, words: PartyWords
) -> list[Group]:
    """A list that starts inside an earlier cue's words and runs on, past where those words
    end, right up to a later cue is two lists: the end of one clause's object and the next
    clause's subject ("breaking off relations with Doha, Djibouti reduced its mission"; "its
    embassy in Tehran, and the United Arab Emirates recalled its ambassador"). With no comma
    between, the last name is the next clause's ("cuts ties with Iran and Bahrain recalls its
    envoy", "... and Bahrain followed suit")."""
    result: list[Group] = []
    for group in groups:
        cut = None
        verb_next = any(
            start >= group.end and not text[group.end : start].strip() for start, _, _ in cues
        ) or bool(words.same_step.match(text[group.end :]))
        if len(group.mentions) > 1 and verb_next:
            inside = [(end, limit) for _, end, limit in cues if end <= group.start < limit]
            cut = next(
                (limit for _, limit in inside if limit <= group.mentions[-1].start),
                None,
            )
            last = group.mentions[-1]
            gap = text[group.mentions[-2].end : last.start]
            if cut is None and inside and words.list_end.search(gap):
                cut = last.start
        if cut is None:
            result.append(group)
            continue
        result.append(Group(tuple(m for m in group.mentions if m.start < cut)))
        result.append(Group(tuple(m for m in group.mentions if m.start >= cut)))
    return result


def unread_pairs(
    text: str, mentions: Sequence[Mention], read: Iterable[Sides], language: str = LANGUAGE
) -> list[Pair]:
    """Pairs of a clause no cue was found in, between names no cue's sides hold: a subject
    and the side introduced after it ("Qatar summons its envoy home from Tehran; ...")."""
    words = party_words(language)
    used = {c for sides in read for c in (*sides.subject, *sides.object)}
    groups = [
        Group(tuple(g))
        for g in lists([m for m in mentions if m.codes and not m.weak], text, language)
    ]
    introduced = [
        bool(words.other_side.search(text[max(0, g.start - 30) : g.start])) for g in groups
    ]
    found: list[Pair] = []
    for index in range(len(groups) - 1):
        first, second = groups[index], groups[index + 1]
        if set(first.codes) & used or introduced[index] or not introduced[index + 1]:
            continue
        found += _unique(itertools.product(first.codes, second.codes))
    return found


def _mutual(group: Group, text: str, words: PartyWords) -> bool:
    """Whether a list is each other's sides: "between A and B", "A-B talks"."""
    if words.mutual.search(text[max(0, group.start - 20) : group.start]):
        return True
    if all(m.named_as == TREATY for m in group.mentions):
        return True  # "the Indus Waters Treaty is held in abeyance": its two countries
    gaps = [text[a.end : b.start] for a, b in itertools.pairwise(group.mentions)]
    return bool(gaps) and all(words.joined.fullmatch(gap) for gap in gaps)


def _non_state_acts(text: str, start: int, words: PartyWords) -> bool:
    """Whether the cue's subject is a country's people rather than its government ("Polish
    farmers blocked lorries", "Farmers block crossings"): no state acts."""
    return bool(words.non_state_before.search(text[max(0, start - 40) : start]))


def _subject(
    groups: list[Group],
    introduced: list[bool],
    text: str,
    start: int,
    words: PartyWords,
    cues: Sequence[tuple[int, int, int]] = (),
) -> Group | None:
    """The nearest list before the cue that is no go-between, not introduced as the other
    side ("with Qatar"), and not the object of an earlier verb ("drops Taipei and opens")."""
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group.end > start:
            continue
        if group.weak or introduced[index]:
            continue
        if words.determiner_before.search(text[max(0, group.start - 10) : group.start]):
            continue  # inside a noun phrase: "its Israel boycott law"
        if words.coordination.match(text[group.end : start]):
            continue
        if words.verb_coordination.match(text[group.end : start]) and any(
            end <= group.start < limit for _, end, limit in cues
        ):
            continue  # an earlier verb's object: "expels Lebanese envoy and halts imports"
        return group
    return None


def _object(
    groups: list[Group],
    introduced: list[bool],
    text: str,
    words: PartyWords,
    cue: tuple[int, int, int],
    subject: Group | None,
    later: set[int],
) -> Group | None:
    """The first list after the cue and before `limit`, or a list introduced as the other
    side right after it ("suspends the Syria accord with the US": "Syria" names the accord);
    a list running past `limit` ("with Doha, Djibouti reduced ...") is cut there."""
    start, end, limit = cue
    if stop := words.object_stop.search(text, end, limit):
        limit = stop.start()
    taken = set(subject.codes) if subject else set()
    found: list[tuple[bool, Group]] = []
    for index, group in enumerate(groups):
        if group.start < start or group.start >= limit or id(group) in later:
            continue
        # A name right after the cue is its object, whatever word ends the cue ("cutting
        # off Taiwan"), unless the words after it make it a venue ("calls off Singapore
        # summit").
        if group.weak and not (
            end <= group.start <= end + 1
            and not _weak_after(
                text,
                group.end,
                words,
                group.mentions[-1].capital,
                alone=len(group.mentions) == 1,
            )
        ):
            continue
        group = _cut(group, limit, text, words)
        if group.body or not set(group.codes) <= taken:
            found.append((introduced[index], group))
    if not found:
        return None
    first = found[0][1]
    if first.end <= end:
        return first  # named inside the cue's own words ("drops Taipei"): its object
    for is_introduced, group in found:
        topic = words.topic_before.search(text[max(0, group.start - 20) : group.start])
        if topic and group is not found[-1][1]:
            continue  # "talks on Ukraine with Lavrov": the side comes after the topic
        if is_introduced and group.start - first.end <= _NEAR:
            return group
    return first


def _cut(group: Group, limit: int, text: str, words: PartyWords) -> Group:
    """The list cut at `limit` (a comma that ends the cue's words), unless it runs on to a
    conjunction: "from Saudi Arabia, Egypt and Bahrain" is one list, "with Doha, Djibouti
    reduced ..." is not."""
    inside = tuple(m for m in group.mentions if m.start < limit)
    if len(inside) == len(group.mentions):
        return group
    rest = text[inside[-1].end : group.end]
    return group if words.list_end.search(rest) else Group(inside)


def _introduced_before(
    groups: list[Group], introduced: list[bool], start: int, subject: Group | None
) -> Group | None:
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        usable = introduced[index] and not group.weak and group is not subject
        after_subject = subject is None or group.start > subject.end
        if group.end <= start and usable and after_subject:
            return group
    return None


def _unread_object(
    groups: list[Group], introduced: list[bool], start: int, subject: tuple[str, ...]
) -> tuple[str, ...]:
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        readable = introduced[index] and not group.weak and not group.body
        if group.end <= start and readable and not set(group.codes) & set(subject):
            return group.codes
    return ()


def _unique(pairs: Iterable[tuple[str, str]]) -> list[Pair]:
    result: list[Pair] = []
    for a, b in pairs:
        pair = (a, b) if a < b else (b, a)
        if a != b and pair not in result:
            result.append(pair)
    return result


def pair_with(code: str, others: Iterable[str]) -> list[Pair]:
    return _unique((code, other) for other in others)


def pairs_across(first: Iterable[str], second: Iterable[str]) -> list[Pair]:
    return _unique(itertools.product(first, second))
