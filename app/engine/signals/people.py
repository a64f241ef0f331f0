"""People: names in a caption that the story never mentions.

No NER model is available offline, so names are found with a careful heuristic:
runs of two or more capitalised words (with particles such as "de", "van",
"bin", "al-"), leaving out places, dates, titles, landmarks and the common word
that starts a sentence. A name is known when its surname, or any other telling
word of it, appears in the story.
"""

from __future__ import annotations

import re

from app.engine.gazetteer import FUNCTION_WORDS, Token, tokenize
from app.engine.reasons import make_reason
from app.engine.signals.base import CheckContext, Findings, Signal
from app.engine.signals.places import Mention, find_mentions
from app.schema import Reason
from app.settings import Severity

CAPTION_PERSON_UNKNOWN = "caption_person_unknown"
PARTICLES = frozenset(
    "de del della der den di da das do dos du van von bin ibn bint al el la le ter ten y abu"
    .split()
)
TITLE_WORDS = frozenset(
    "mr mrs ms miss dr prof professor sir dame lord lady king queen prince princess pope "
    "president vice prime minister secretary chancellor senator sen rep representative "
    "congressman congresswoman governor gov mayor judge justice chief chef coach captain capt "
    "general gen colonel col lieutenant lt sergeant sgt major admiral commander officer "
    "inspector detective father rev reverend bishop archbishop cardinal imam rabbi sheikh emir "
    "sultan ambassador director chairman chairwoman chair ceo founder spokesman spokeswoman "
    "spokesperson deputy premier councillor councilor mp saint st".split()
)
# Capitalised words that make a run the name of a landmark or an institution's building.
LANDMARK_WORDS = frozenset(
    "park dock docks street square avenue road bridge airport station stadium arena hall museum "
    "university college school hospital cathedral church mosque temple palace tower castle "
    "capitol house building centre center mount mountain mountains river lake bay beach valley "
    "island islands peninsula sea ocean gulf canal harbour harbor port plaza market mall hotel "
    "theatre theater gallery library zoo garden gardens forest desert coast falls canyon "
    "glacier volcano parliament senate congress court gate gates wall monument memorial "
    "cemetery arch pier quay boulevard highway motorway tunnel dam reservoir terminal embassy "
    "consulate ministry headquarters barracks base circuit racecourse".split()
)
CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
    "friday saturday sunday".split()
)
_CREDIT = re.compile(
    r"\((?:[^)]*?(?:/|\bphoto|\bcredit|\bpicture))[^)]*\)"
    r"|\b(?:photo(?:graph)?|picture|credit|image)s?\s*(?:by\b|:).*$",
    re.IGNORECASE,
)


def person_reasons(caption: str, article_text: str) -> list[Reason]:
    names = unknown_names(caption, article_text)
    if not names:
        return []
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
    message = f"The caption names {who}, but the story never mentions {'them' if len(names) > 1 else 'this name'}."
    titled = [name for name in names if _titled(caption, name)]
    # Bystanders, workers and athletes are named in genuine captions every day: an unknown name
    # alone is information. An office holder (President, Rep., minister...) the story never
    # mentions is evidence the photo shows another story's actors, so it asks for review.
    severity = Severity.review if titled else Severity.info
    return [make_reason(CAPTION_PERSON_UNKNOWN, severity, message, names=names, titled=titled)]


def _titled(caption: str, name: str) -> bool:
    before = caption[: caption.find(name)].lower().split()[-3:]
    return any(word.strip(".,()") in TITLE_WORDS for word in before)


def unknown_names(caption: str, article_text: str) -> list[str]:
    article_words = {t.key for t in tokenize(article_text)}
    common = words_in_lowercase(caption + "\n" + article_text)
    unknown: list[str] = []
    for run in name_runs(caption):
        if _before_landmark_word(caption, run[-1]):
            continue  # "the Huis ten Bosch palace"
        for name in _names_in(run, common):
            text = caption_text(caption, name)
            if not _known(name, article_words) and text not in unknown:
                unknown.append(text)
    return unknown


def _before_landmark_word(caption: str, last: Token) -> bool:
    following = re.match(r"[ \t]+([^\W\d_]+)", caption[last.end :])
    return following is not None and following.group(1).lower() in LANDMARK_WORDS


def words_in_lowercase(text: str) -> frozenset[str]:
    return frozenset(t.key for t in tokenize(text) if not t.cap)


def caption_text(caption: str, name: list[Token]) -> str:
    return re.sub(r"['’]s$", "", caption[name[0].start : name[-1].end])


def name_runs(caption: str) -> list[list[Token]]:
    """Runs of joined capitalised words that are not places, dates or acronyms."""
    text = _CREDIT.sub(lambda m: " " * len(m.group(0)), caption)
    tokens = tokenize(text)
    places = {i for m in _places(text, tokens) for i in range(m.first, m.end)}
    runs: list[list[Token]] = []
    current: list[Token] = []
    for i, tok in enumerate(tokens):
        part = i not in places and _name_word(tok)
        particle = tok.key in PARTICLES and not tok.cap and bool(current)
        if current and (tok.joins_prev and (part or particle)):
            current.append(tok)
            continue
        runs.append(current)
        current = [tok] if part else []
    runs.append(current)
    return [_drop_trailing_particles(r) for r in runs if r]


def _places(text: str, tokens: list[Token]) -> list[Mention]:
    """Place mentions that are not part of a name. Right after a capitalised word that opens
    the caption, a small town's name is a surname ("Andrés Molina"), and so is any place
    after a first name that is itself a place name ("Jordan Henderson"); a large city
    after another word stays a place ("Downtown Toronto", "Flooded Jakarta")."""
    mentions = find_mentions(text, tokens)
    in_names = {
        b.first for a, b in zip(mentions, mentions[1:]) if a.embedded and a.end == b.first
    }
    in_names |= {m.first for m in mentions if m.after_name and not m.place.prominent}
    return [m for m in mentions if not m.embedded and m.first not in in_names]


def _name_word(tok: Token) -> bool:
    acronym = len(tok.text) > 1 and tok.text.replace(".", "").isupper()
    plain = tok.key not in CALENDAR_WORDS and tok.key not in FUNCTION_WORDS
    return tok.cap and not acronym and plain


def _drop_trailing_particles(run: list[Token]) -> list[Token]:
    while run and not run[-1].cap:
        run = run[:-1]
    return run


def _names_in(run: list[Token], common: frozenset[str]) -> list[list[Token]]:
    """The names proper in a run, split at titles ("Takara Motors President Kenji Sato"),
    without a common word that opens the sentence ("Tourists ...", "Chef ...")."""
    if any(t.key in LANDMARK_WORDS for t in run):
        return []
    if run[0].initial and run[0].key in common:
        run = run[1:]
    names: list[list[Token]] = [[]]
    for tok in run:
        if tok.key in TITLE_WORDS:
            names.append([])
        else:
            names[-1].append(tok)
    return [_drop_trailing_particles(n) for n in names if sum(t.cap for t in n) >= 2]


def _known(name: list[Token], article_words: set[str]) -> bool:
    telling = [name[-1]] + [t for t in name if len(t.key) > 2]
    return any(t.key in article_words for t in telling if t.key not in PARTICLES)


def shared_names(caption: str, article_text: str) -> list[str]:
    """Proper names (places, people, organisations) that both the caption and the story use.

    A word counts when the story capitalises it mid-sentence, so "Lava" opening a
    caption does not match "lava" in the story, while "Marrakech" does.
    """
    proper = {
        t.key for t in tokenize(article_text)
        if t.cap and not (t.initial or t.titled) and _distinctive(t)
    }
    shared: list[str] = []
    for tok in tokenize(_CREDIT.sub(" ", caption)):
        if tok.cap and tok.key in proper and _distinctive(tok) and tok.text not in shared:
            shared.append(tok.text)
    return shared


def _distinctive(tok: Token) -> bool:
    key = tok.key
    return len(key) > 2 and not (key in FUNCTION_WORDS or key in CALENDAR_WORDS or key in TITLE_WORDS)


def _run(ctx: CheckContext) -> Findings:
    findings = Findings()
    for index, figure in enumerate(ctx.prepared.article.figures):
        findings.add(index, *person_reasons(figure.caption, ctx.prepared.full_text))
    return findings


SIGNAL = Signal(name="people", codes=(CAPTION_PERSON_UNKNOWN,), needs=frozenset(), run=_run)
