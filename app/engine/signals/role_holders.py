"""Role holders: who a text says holds a role ("Fiji head coach Tevita Koroi", "Maria Lindqvist,
chief executive of Svea Kartong", "France, coached by Hervé Renard"), whose role it is, and
who held it before ("former", "the late", "his predecessor")."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from app.engine.signals.people_found import PARTICLES
from app.engine.text import CAPITALS, fold, split_sentences, stop_words

# A role is one of these heads. Ranks that make another role are kept ("assistant coach");
# ranks that do not are dropped ("head coach" is the coach); offices with portfolios keep the
# word before them ("finance minister", "Health Secretary").
_HEADS = (
    "coach manager captain skipper executive ceo chairman chairwoman chairperson chair "
    "president minister governor mayor commissioner chancellor premier secretary director "
    "principal superintendent ambassador spokesman spokeswoman spokesperson justice judge treasurer "
    "prosecutor administrator lawyer barrister sheriff director-general secretary-general archbishop magistrate"
).split()
# A parliament's Speaker is an office; a "keynote speaker" or "guest speaker" is not, and
# newsrooms capitalise only the office before a name. So with an Opposition or Majority Leader
# and a "community leader", and a court's "Advocate" (a lawyer, as Indian newsrooms write it)
# and a "climate advocate".
_CAPITALISED_HEADS = ("Speaker", "Leader", "Advocate")  # "Opposition Leader Rebecca White"; a "rebel leader" is none
# A "leader" in small letters is a party's or a group's after its capitalised name ("Scottish
# Labour leader Anas Sarwar", "Hamas leader") or before it ("leader of Bradford Council"), not
# after a common word ("community leader").
_NAMED_BODY_HEADS = ("leader",)
# Abbreviated offices, as US newsrooms write them before a name ("Ohio Gov. Mike DeWine"). Their
# full stop is part of the title; after a full word, a full stop ends the sentence.
_ABBREVIATED_HEADS = {"gov.": "governor", "supt.": "superintendent"}
# A senator is an office only with a portfolio: Berlin's, Hamburg's and Bremen's "health senator"
# is a state minister, while a US state has many senators ("state senator", "Republican senator").
_PORTFOLIO_ONLY_HEADS = ("senator",)
# An officer is an office only as a company's or a government's "chief financial officer", "chief
# medical officer"; a police officer is one of many.
_CHIEF_ONLY_HEADS = ("officer",)
_HEAD = (rf"(?i:{'|'.join([*_HEADS, *_PORTFOLIO_ONLY_HEADS, *_CHIEF_ONLY_HEADS])})"
         rf"|{'|'.join(_CAPITALISED_HEADS)}|{'|'.join(_NAMED_BODY_HEADS)}"
         rf"|{'|'.join(re.escape(a.capitalize()) for a in _ABBREVIATED_HEADS)}")
_TITLE_WORDS = frozenset(_HEADS) | {fold(h) for h in _CAPITALISED_HEADS} | set(_ABBREVIATED_HEADS)
_SAME_HEAD = {"ceo": "executive", "chairwoman": "chairman", "chairperson": "chairman",
              "chair": "chairman", "skipper": "captain", "spokeswoman": "spokesman",
              "spokesperson": "spokesman", **_ABBREVIATED_HEADS}
OTHER_ROLE = frozenset("assistant deputy vice associate co lieutenant lt".split())  # "chief justice" too
# "Lord Mayor" is the mayor; "chief" is the same only before "executive", "first" only before
# "mayor" (Hamburg's First Mayor: a First Minister is another office than a minister).
_SAME_ROLE = frozenset("head senior lord".split())
_TEAM_HEADS = frozenset("coach manager captain".split())
_PORTFOLIO_HEADS = frozenset("minister secretary director commissioner spokesman senator officer".split())
# "Criminal Investigation Department director": the body whose director it is, no portfolio.
_BODIES = frozenset("department ministry office agency bureau division unit authority board service services".split())
# Words before a role that make its holder not the present one, or not one person.
_NOT_HOLDER = frozenset("former ex then late previous past incoming future acting interim".split())
_FORMER = frozenset("former ex then late previous past".split())
_NAME_WORD = rf"[{CAPITALS}][\w'’-]+"
_PARTICLE = "|".join(sorted(PARTICLES))
# "Tevita Koroi", "Pieter de Waal", and with initials for given names "K. Sivan", "A.K. Antony".
_NAME = (rf"(?:(?:[{CAPITALS}]\.\s?){{1,3}}\s*{_NAME_WORD}(?:\s+{_NAME_WORD})?"
         rf"|{_NAME_WORD}(?:\s+(?:(?:{_PARTICLE})\s+)?{_NAME_WORD}){{1,2}})")
# "Health Executive Dr. Grace Wambui": a courtesy title between the role and the name is neither,
# as Myanmar's "U" and "Daw" are ("Chief Minister U Kyaw Min Naing").
# So are a police or military rank ("DSI Director-General Pol Lt Col Worawit Saengthong").
_COURTESY_WORD = re.compile(r"(?:Dr|Mr|Mrs|Ms|Prof|Sir|Dame|Rev|Pol|Lt|Col|Gen|Maj|Capt|Brig|Sgt|Cdr|Supt|Cllr"
                            r"|Councillor|Councilor|Coun|Cardinal|Bishop|Rabbi|Imam|Sheikh|U|Daw)\.?")
_COURTESY = rf"(?:{_COURTESY_WORD.pattern}\s+)*"
# Up to four words before the office say whose it is: "New South Wales Transport Minister".
_BEFORE = r"(?P<before>(?:[\w'’.-]+[ \t]+){0,4})"
_ROLE_NAME = re.compile(
    # Not after a hyphen: a "vice-chair" or "ex-president" is not the chair or the president.
    rf"{_BEFORE}(?<![\w-])(?P<head>{_HEAD})\s+{_COURTESY}(?P<name>{_NAME})"
)
# "Chief Justice Suhartoyo reads the verdict": one name after the title, the sentence going on
# in small letters. Many people go by one name (Indonesia, Myanmar), and a surname alone names
# anyone else ("President Macron"); read only where the caption's entities call it a person.
_ROLE_ONE_NAME = re.compile(rf"{_BEFORE}(?<![\w-])(?P<head>{_HEAD})\s+{_COURTESY}(?P<name>{_NAME_WORD})(?=\s+[a-z])")
_ROLE_COMMA_NAME = re.compile(  # "Hamburg's mayor, Olaf Scholz, said": the name set off by commas
    rf"{_BEFORE}(?<![\w-])(?P<head>{_HEAD}),\s+{_COURTESY}(?P<name>{_NAME})(?=,)"
)
# "of AT&T", "of the Zimbabwe Electoral Commission (ZEC)"; not "of the Labour-run council", whose
# party runs the body, which is named by no capitalised word.
_OF_THE_BODY = re.compile(r"\s+of\s+the\s+(?:[\w'’-]+\s+){0,2}?(council|authority|party|assembly|board|group)\b")
_RUN_BY = r"(?![\w'’.&]*-(?:run|led|controlled|held|owned|backed|based)\b)"
_OF_WHOM = re.compile(rf",?\s+of\s+(?:the\s+)?((?:[{CAPITALS}]{_RUN_BY}[\w'’.&-]*\s*){{1,5}})(?:\([A-Z]{{2,6}}\))?")
# "The Mayor of Southwark, Cllr Amara Okafor, kicked off", "the archbishop of Mexico, Cardinal
# Carlos Aguiar Retes,": whose office it is, then the name set off by commas.
_ROLE_OF_COMMA_NAME = re.compile(
    rf"{_BEFORE}(?<![\w-])(?P<head>{_HEAD})(?P<whose>{_OF_WHOM.pattern}),\s+{_COURTESY}(?P<name>{_NAME})(?=,)"
)
# "Minister for Agriculture Charlie McConalogue", "Minister of Health Ana Silva", "Minister for
# Culture, Community and Youth Edwin Tong": the portfolio after the office, then the name (its
# last two capitalised words, or the words after the portfolio's: "Minister for Health Ong Ye Kung").
_MINISTER_FOR = re.compile(
    rf"{_BEFORE}(?<![\w-])(?P<head>Minister)\s+(?:for|of)\s+"
    rf"(?P<portfolio>{_NAME_WORD}(?:(?:,?\s+(?:and\s+|&\s+)?){_NAME_WORD}){{0,4}}?)\s+"
    rf"(?P<name>{_NAME_WORD}\s+{_NAME_WORD})(?![\w'’-]|\s+{_NAME_WORD})"
)
# Words of ministers' portfolios, which tell where a portfolio ends and a name of three words begins.
_PORTFOLIO_WORDS = frozenset(
    "affairs agriculture arts budget children citizenship climate commerce communications community "
    "culture defence defense development digital disability economic economy education employment "
    "energy environment family finance fisheries food foreign forestry health heritage home housing "
    "immigration industry information infrastructure innovation interior investment justice labour labor "
    "land lands law local manpower media mineral mines mining national natural planning police power public "
    "resources rural science security social sport sports technology tourism trade transport treasury "
    "urban veterans water welfare women works youth".split()
)
_PARTY_HOME = rf"(?:[DRI]-[{CAPITALS}][\w.'’]*(?:\s+[{CAPITALS}][\w.'’]*)?,\s+)?"  # US lawmakers: "R-Lubbock"
_NAME_THEN_ROLE = re.compile(  # "Maria Lindqvist, chief executive of Svea Kartong"
    # or "Thomas Brenner, Rhineland-Palatinate's interior minister",
    # "Sara Duterte, who also serves as education secretary",
    # "Aoife Brennan, the authority's BusConnects programme director"
    # and "Rep. Dwayne Hollis, R-Lubbock, chairman of the House Public Education Committee"
    rf"(?P<name>{_NAME}),\s+{_PARTY_HOME}(?:who\s+(?:also\s+)?(?:serves\s+as|is|was\s+named)\s+)?(?:the\s+)?"
    rf"(?P<before>(?:(?:[{CAPITALS}][\w.-]*\s+){{0,2}}[\w.-]+['’]s\s+(?:[{CAPITALS}][\w.-]*\s+){{0,2}})?"
    # "the federal consumer affairs secretary"; what "a former health minister" was is no role now
    rf"(?:(?!an?\s)[a-z][\w'’-]*\s+){{0,3}})"
    rf"(?<![\w-])(?P<head>{_HEAD})\b(?!\s+{_NAME_WORD})"
)
_BY_ROLE = {"coached": "coach", "managed": "manager", "captained": "captain", "chaired": "chairman"}
_ROLE_BY_NAME = re.compile(  # "France, coached by Hervé Renard": the side, then its holder
    rf"(?P<side>(?:[{CAPITALS}][\w'’-]*[ \t]+){{0,2}}[{CAPITALS}][\w'’-]*),?\s+"
    rf"(?P<verb>{'|'.join(_BY_ROLE)})\s+by\s+(?P<name>{_NAME})"
)
# "his predecessor, Rick Wagoner", "following the resignation of John Tory", "succeeded Ann Bell":
# who held the role before (a future "will succeed" or a present "succeeding" is still its holder).
_PREDECESSOR = re.compile(
    rf"\b(?:predecessors?,?|(?:resignation|ouster|removal) of|succeeded|replaced|took over from)\s+(?P<name>{_NAME})")
# "Suva." ends one; "U.S." does not, nor does a company's "Corp." or "Bros."
_SENTENCE_END = re.compile(r"(?:[!?;:,]|(?<!Corp\.)(?<!Bros\.)(?<!Ltda\.)(?<=[^.]{4}\.))$")
_WORD = re.compile(r"[\w'’-]+")
_LEVELS = frozenset("provincial state federal regional municipal county city national".split())
_QUALIFIER = re.compile(rf"((?:[{CAPITALS}][\w'’.-]*\s+){{0,2}}[{CAPITALS}][\w'’.-]*?)(?:['’]s)?\s*$")


@dataclass(frozen=True)
class RoleHolder:
    role: str  # "coach", "finance minister", "assistant coach"
    title: str  # as written: "Fiji head coach", "chief executive"
    qualifier: str  # "fiji", "kaizer chiefs"; empty when the text does not say whose
    name: str
    qualified_after: bool = False  # whose it is comes after: "Mayor Ann Bell of Elizabeth"
    body: str = ""  # "trust" of "the trust's chief executive": the story's own body, by a common noun

    @property
    def surname(self) -> str:
        """Folded, to compare holders."""
        return fold(self.name.split()[-1])

    @property
    def head(self) -> str:
        """The office without its portfolio or rank: "minister" of "finance minister"."""
        return self.role.split()[-1]

    @property
    def level(self) -> str:
        """The level of government its title says: "federal" of "Federal Health Minister"."""
        return next((fold(w) for w in self.title.split() if fold(w) in _LEVELS), "")


def role_holders(text: str) -> list[RoleHolder]:
    return [holder for holder, past in _read_holders(text) if not past] + _held_by(text)


def former_holders(text: str, sentences: list[str] | None = None) -> list[RoleHolder]:
    """Who the text says held a role before: "former chief executive Rick Wagoner", "the late
    President Ann Bell", "his predecessor, Rick Wagoner" (of a role the sentence names).
    `sentences`: the text's, when already split."""
    split = split_sentences(text) if sentences is None else sentences
    return [holder for holder, past in _read_holders(text) if past in _FORMER] + _predecessors(split)


def one_name_holders(text: str, people: tuple[str, ...]) -> list[RoleHolder]:
    """Roles said of one name that `people` (the text's person entities) hold: "Chief Justice
    Suhartoyo"."""
    return [holder for holder, past in _read_holders(text, (_ROLE_ONE_NAME,)) if not past and holder.name in people]


def _read_holders(text: str, patterns: tuple[re.Pattern[str], ...] = ()) -> list[tuple[RoleHolder, str]]:
    """Every role said of a name, with the word that makes its holder not the present one
    ("former", "acting"), or "" when they hold it now."""
    holders = []
    patterns = patterns or (_ROLE_NAME, _ROLE_COMMA_NAME, _NAME_THEN_ROLE, _MINISTER_FOR, _ROLE_OF_COMMA_NAME)
    for match in [m for pattern in patterns for m in pattern.finditer(text)]:
        if match.re is _MINISTER_FOR and not _a_portfolio_after(match):
            continue
        portfolio, name = _portfolio_and_name(match)
        before = _this_sentence([*match.group("before").split(), *portfolio])
        whose = match.groupdict().get("whose")
        after = _OF_WHOM.match(whose) if whose else _OF_WHOM.match(text, match.end())
        # "leader of Bradford Council"; "leader of the Labour-run council", the story's own body
        common = _OF_THE_BODY.match(text, match.end()) if match.re is _NAME_THEN_ROLE and after is None else None
        of_body = (after is not None and (bool(whose) or match.re is _NAME_THEN_ROLE)) or common is not None
        if match.group("head") in _NAMED_BODY_HEADS and not (before and before[-1][:1].isupper()) and not of_body:
            continue
        words = [fold(w.strip(".,;:")) for w in before]
        past = next((w for w in words[-3:] if w in _NOT_HOLDER), "")  # "Former British Prime Minister"
        head = _SAME_HEAD.get(fold(match.group("head")), fold(match.group("head")))
        if past:  # the role is what follows "former": "former Fiji coach"
            before = before[len(words) - words[::-1].index(past):]
        else:  # "Then-Los Angeles schools Supt."
            past = next((w.split("-")[0] for w in words if "-" in w and w.split("-")[0] in _FORMER), "")
        role, qualifier, title = _read_role(before, head)
        if head in _PORTFOLIO_ONLY_HEADS and role.split()[0] not in _PORTFOLIO_WORDS:
            continue
        if head in _CHIEF_ONLY_HEADS:
            if not (len(words) >= 2 and words[-2] == "chief"):
                continue
            role = "executive" if role == "executive officer" else role  # a CEO is the chief executive
        name = _drop_titles(name, 1 if match.re is _ROLE_ONE_NAME else 2)
        qualified_after = (not qualifier or bool(whose)) and after is not None
        if qualified_after:
            qualifier = fold(after.group(1).strip()).replace(".", "")
        written = [*title, match.group("head")]
        if fold(written[0]) == "the":  # "The Mayor of Southwark, Cllr Amara Okafor"
            written = written[1:]
        if qualified_after:  # "archbishop of Mexico", as the message will say
            written.append(f"of {after.group(1).strip()}")
        body = "" if qualifier else common[1] if common else _body_of(before)
        if name:
            holder = RoleHolder(role, " ".join(written), qualifier, name, qualified_after, body)
            holders += [(h, past) for h in (holder, _joined_before(before, holder)) if h is not None]
    return holders


def _joined_before(before: list[str], holder: RoleHolder) -> RoleHolder | None:
    """ "President and Chief Executive Hiroshi Tanabe", "Chairman and CEO": the office joined by
    "and" before the one read, held by the same person; a vice president's is another."""
    words = [fold(w.strip(".,;:")) for w in before[-4:]]
    for i in range(len(words) - 1, 0, -1):
        if words[i] in ("and", "&") and words[i - 1] in _HEADS and (i < 2 or words[i - 2] not in OTHER_ROLE):
            head = _SAME_HEAD.get(words[i - 1], words[i - 1])
            return replace(holder, role=head, title=before[len(before) - len(words) + i - 1].strip(".,;:"))
    return None


_BODY_S = re.compile(r"[a-z]+['’]s")


def _body_of(before: list[str]) -> str:
    """ "trust" of "Catherine Penrose, the trust's chief executive" (its "the" read with the name)."""
    for i in range(len(before) - 1, max(-1, len(before) - 4), -1):
        if _BODY_S.fullmatch(before[i]) and (i == 0 or fold(before[i - 1]) == "the"):
            return before[i][:-2]
    return ""


def _a_portfolio_after(match: re.Match[str]) -> bool:
    """ "Minister for Agriculture": the words after the office are its portfolio; not after a
    capitalised word of its sentence ("Prime Minister of India", "Foreign Minister of Japan": a
    country) but a deputy's, nor in "Minister of State", a rank that many hold."""
    last = match.group("before").split()[-1:]
    word = last[0] if last and not last[0].endswith((".", ",", ";", ":", "'s", "’s")) else ""
    another_office = word[:1].isupper() and fold(word) not in stop_words() | OTHER_ROLE
    return not another_office and match.group("portfolio") != "State"


def _portfolio_and_name(match: re.Match[str]) -> tuple[list[str], str]:
    """The portfolio's words (none but for "Minister for"), commas left out, and the name."""
    if match.re is not _MINISTER_FOR:
        return [], match.group("name")
    words = [*match.group("portfolio").replace(",", " ").split(), *match.group("name").split()]
    known = 0
    while known < len(words) and fold(words[known]) in _PORTFOLIO_WORDS | {"and", "&"}:
        known += 1
    if known and 2 <= len(words) - known <= 3 and fold(words[known - 1]) in _PORTFOLIO_WORDS:
        return words[:known], " ".join(words[known:])
    return words[:-2], " ".join(words[-2:])


def _predecessors(sentences: list[str]) -> list[RoleHolder]:
    """ "Henderson took over as chief executive in March when his predecessor, Rick Wagoner, was
    forced out", "Chow was elected mayor following the resignation of John Tory": the predecessor
    held the roles the sentence names."""
    holders = []
    for sentence in sentences:
        matches = list(_PREDECESSOR.finditer(sentence))
        if not matches:
            continue
        heads = {_SAME_HEAD.get(w, w) for w in (fold(w) for w in _WORD.findall(sentence)) if w in _HEADS}
        for match in matches:
            name = _drop_titles(match.group("name"))
            holders += [RoleHolder(head, "predecessor", "", name) for head in heads if name]
    return holders


def _held_by(text: str) -> list[RoleHolder]:
    """ "France, coached by Hervé Renard": France's coach, said the other way round."""
    holders = []
    for match in _ROLE_BY_NAME.finditer(text):
        role, side = _BY_ROLE[match.group("verb")], match.group("side")
        name = _drop_titles(match.group("name"))
        if name:
            holders.append(RoleHolder(role, f"{side} {role}", fold(side), name))
    return holders


def _this_sentence(words: list[str]) -> list[str]:
    ends = [i for i, word in enumerate(words) if _SENTENCE_END.search(word)]
    return words[ends[-1] + 1:] if ends else words


def _read_role(before: list[str], head: str) -> tuple[str, str, list[str]]:
    """The role, whose it is, and the words before the head that say so, as written:
    "Fiji head coach" -> ("coach", "fiji", ["Fiji", "head"]); "Germany's Finance Minister" ->
    ("finance minister", "germany", ["Germany's", "Finance"])."""
    rest = list(before)
    role, modifiers = head, []
    last = fold(rest[-1].strip(".,;:")) if rest else ""
    if last in _SAME_ROLE or (last == "chief" and head == "executive") or (last == "first" and head == "mayor"):
        modifiers = [rest.pop()]
    elif last in OTHER_ROLE or last == "chief" or (
            head in _PORTFOLIO_HEADS and last and last not in stop_words() and last not in _BODIES
            and not rest[-1].endswith(("'s", "’s"))):
        modifiers = [rest.pop()]
        role = f"{last} {head}"
    if rest and head in _CHIEF_ONLY_HEADS and fold(rest[-1]) == "chief":  # "chief financial officer"
        modifiers = [rest.pop(), *modifiers]
    # "Punjab's provincial Finance Minister" is Punjab's; a team's "City coach" is Ōtautahi City's.
    if rest and fold(rest[-1]) in _LEVELS and head not in _TEAM_HEADS:
        modifiers = [rest.pop(), *modifiers]
    if rest and fold(rest[-1]) in OTHER_ROLE:  # "deputy provincial police commissioner": a deputy's
        modifiers = [rest.pop(), *modifiers]
    found = _QUALIFIER.search(" ".join(rest))
    written = found.group(0).split() if found and found.group(1) else []
    qualifier = fold(found.group(1)).replace(".", "") if found and found.group(1) else ""
    return role, qualifier, [*written, *modifiers]


def _drop_titles(name: str, fewest: int = 2) -> str:
    # "Prime Minister Boris Johnson's government", "Premier Jeremy Rockliff's Liberals": the name
    # ends at its possessive.
    words = name.split()
    owner = next((i for i, w in enumerate(words) if re.search(r"['’]s$", w)), len(words) - 1)
    words = [*words[:owner], re.sub(r"['’]s$", "", words[owner])] if words else []
    # "Councillor James Lewis, leader of Leeds City Council"; "Sheikh Hasina" is a name.
    while words and (fold(words[0]) in _TITLE_WORDS or (_COURTESY_WORD.fullmatch(words[0]) and len(words) > fewest)):
        words.pop(0)
    return " ".join(words) if len(words) >= fewest else ""


@dataclass(frozen=True)
class StoryRoles:
    holders: list[RoleHolder]
    former: list[RoleHolder]  # `former_holders`
    sentences: list[frozenset[str]]  # each sentence's folded words
    text: str = ""
    sentence_texts: tuple[str, ...] = ()  # each sentence as written

    def described_as(self, name: str) -> str | None:
        """What the story says a person is, set off after their full name: "Jean-Paul Mukendi,
        a WHO epidemiologist" gives "a WHO epidemiologist"."""
        match = re.search(rf"{re.escape(name)},\s+((?:a|an|the)\s+[^,.;:()\"“”]+)", self.text)
        return match.group(1).strip() if match else None


def story_roles(text: str, sentences: list[str] | None = None) -> StoryRoles:
    """`sentences`: the text's sentences when already split (the prepared article's units)."""
    split = split_sentences(text) if sentences is None else sentences
    words = [frozenset(fold(w) for w in _WORD.findall(s)) for s in split]
    return StoryRoles(role_holders(text), former_holders(text, split), words, text, tuple(split))


def names_a_role(text: str) -> bool:
    """The words hold a role's head ("the party's treasurer", "a former minister")."""
    return any(fold(w) in _TITLE_WORDS for w in _WORD.findall(text))
