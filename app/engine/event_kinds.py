"""Kinds of news event a photo shows (an election, a fire, a flood, snow, a heatwave, a shooting,
a strike, a match, an earthquake) and the words with which a story would mention one.

A caption shows a kind by its own plain words ("Voters line up outside a polling station",
"A firefighter battles a brush fire"). A story mentions it more loosely: any word of the event
or of what comes with it counts ("rain" and "typhoon" for floodwater, "winter" for snow, "heat"
or a temperature of 30 C for a heatwave), so that a related scene, a flooded street under a
storm story, is never read as another story's. Protests are not among them: people protest
against what a story reports (job cuts, a council's bankruptcy) and newsrooms show it though the
story never says so. A strike is, as workers' own action: a story with no word of jobs, pay,
unions or protest is not shown by one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class EventKind:
    name: str  # as a message says it: "a fire"
    shown: re.Pattern[str]  # the caption's words that show one
    mentioned: re.Pattern[str]  # the story's words that mention one, or what comes with it


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)


# A fire as an event, not a fire station, truck or brigade.
_FIRE_NOT_EVENT = (r"(?!\s+(?:station|truck|engine|department|chief|brigade|service|hydrant|alarm|drill|crew|"
                   r"exit|escape|safety|fighters?|pit|place|extinguisher))")
# A fire people sit by, cook over, light or warm their hands at ("warm themselves by a fire")
# is no fire as an event.
_TENDED = (r"(?<!\bby )(?<!around )(?<!beside )(?<!over )(?<!\blit )(?<!light )(?<!build )(?<!make )"
           r"(?<!hands at )(?<!selves at )")
_HOT = r"(?:3\d|4\d|5\d)\s?(?:°\s?C|C|degrees Celsius)|(?:9[5-9]|1[0-2]\d)\s?(?:°\s?F|F|degrees)"

KINDS: tuple[EventKind, ...] = (
    EventKind("an election",
              _words(r"voters?|polling (?:stations?|booths?|places?|centres?|centers?)|ballots?|election day"),
              _words(r"elect\w*|vot\w*|polls?|polling|ballots?|referend\w*|campaign\w*|candidat\w*|primar(?:y|ies)"
                     r"|caucus\w*|turnout")),
    EventKind("a fire",
              _words(rf"blazes?|wildfires?|bushfires?|flames"
                     rf"|{_TENDED}(?:a|the|brush|forest|grass|bush|house|building|factory|warehouse|market)\s+fires?"
                     rf"{_FIRE_NOT_EVENT}"),
              _words(r"fire\w*|blaze\w*|flames?|burn\w*|smoke\w*|embers?|arson\w*|charred|scorch\w*|explo\w*")),
    EventKind("a flood",
              _words(r"flood(?:s|ed|ing|waters?)?|inundated|submerged"),
              _words(r"flood\w*|rain\w*|storms?|typhoons?|hurricanes?|cyclones?|monsoons?|downpours?|deluge"
                     r"|inundat\w*|water\w*|rivers?|dams?|levees?|tides?|surge|overflow\w*|tsunami")),
    # Snow as news, a storm and its clearing; "Snow covers the town green" is a season's scenery.
    EventKind("snow",
              _words(r"snowstorms?|blizzards?|snowfall|heavy snow|sleet|snow\s?(?:plows?|ploughs?|drifts?)"
                     r"|(?:shovel|clear|plough|plow)\w*\s+(?:the\s+)?snow"),
              _words(r"snow\w*|blizzards?|sleet|winter\w*|cold\w*|freez\w*|frost\w*|ice|icy|avalanche\w*|ski\w*"
                     r"|storms?")),
    EventKind("a heatwave",
              _words(rf"heat\s?waves?|scorching|sweltering|{_HOT}"),
              _words(rf"heat\w*|hot|hotter|hottest|warm\w*|summer|drought\w*|scorch\w*|swelter\w*|sun\w*|{_HOT}")),
    EventKind("a shooting",
              _words(r"shootouts?|gunfire|gunm[ae]n|(?:a|the|mass|deadly|fatal) shootings?|shot dead|gunned down"),
              _words(r"shoot\w*|shot\w*|gun\w*|firearms?|weapons?|armed|cartels?|gangs?|violen\w*|murder\w*|homicides?"
                     r"|kill\w*|dead|deaths?|attack\w*|crime\w*|security|police|troops|soldiers|army|military")),
    # A strike as workers' action, not an air strike or a footballer: "during a drivers' strike",
    # "Striking workers", "on a picket line". A story of jobs, pay, unions or protests may show one.
    EventKind("a strike",
              _words(r"on strike|strike action|striking (?:workers|drivers|staff|employees|teachers|nurses|doctors"
                     r"|miners|dockers|dockworkers|pilots|crews?|porters)|walk(?:ed|s|ing)? off the job|walkouts?"
                     r"|picket lines?|picket(?:s|ed|ing)? (?:outside|at|in front of)"
                     r"|(?:general|national|nationwide|transport|taxi|bus|rail|train|metro|tube|drivers['’]?"
                     r"|workers['’]?|teachers['’]?|nurses['’]?|doctors['’]?|labou?r|wage|pay|indefinite|token"
                     r"|\w+-day) strikes?"
                     r"|(?:stage[sd]?|staging|hold|held|holding|during|join(?:s|ed|ing)?|on|call(?:s|ed|ing)?)\s+"
                     r"(?:an?\s+|the\s+|their\s+)?(?:(?!(?:air|drone|missile|rocket|lightning|military|artillery"
                     r"|nuclear|bird|hunger)\b)[\w'’-]+\s+)?strike"),
              _words(r"strik\w*|walkouts?|walk(?:ed|s|ing)? (?:out|off)|picket\w*|unions?|wages?|salar\w*|bonus\w*"
                     r"|industrial action|stoppages?|layoffs?|laid off|job cuts|redundan\w*|protest\w*|demonstrat\w*"
                     r"|pay (?:rises?|deals?|talks|disputes?|claims?|offers?|cuts?|increases?|freeze)")),
    # A match as sport's own event: its fans, its teams, its result. A story with any word of
    # sport, a club, a venue or a result may show one (a stadium's finances, a player's visit).
    EventKind("a match",
              _words(r"(?:football|soccer|rugby|cricket|basketball|hockey|baseball|volleyball|handball)"
                     r"\s+(?:match(?:es)?|games?|fans|supporters|teams?|final)|(?:match|game)\s+(?:against|between)"
                     r"|qualified for the (?:World Cup|European Championship|Euro|Olympics|Africa Cup)"),
              _words(r"sport\w*|football\w*|soccer|rugby|cricket\w*|basketball|hockey|baseball|volleyball|handball"
                     r"|match\w*|games?|teams?|fans?|stadium\w*|arena\w*|league\w*|cup|champion\w*|tournament\w*"
                     r"|clubs?|players?|goals?|scor\w*|coach\w*|athlet\w*|olympi\w*|qualif\w*|fixtures?|kick-?off"
                     r"|pitch\w*|innings|wickets?|tries|derby|playoffs?|season\w*")),
    EventKind("an earthquake",
              _words(r"(?:earth)?quakes?|tremors?|aftershocks?"),
              _words(r"(?:earth)?quakes?|tremors?|aftershocks?|seismic|magnitude|tsunami")),
)


def kinds_shown(text: str) -> list[tuple[EventKind, str]]:
    """The kinds of event the text shows, each with the words that show it."""
    return [(kind, found.group(0)) for kind in KINDS if (found := kind.shown.search(text))]


def mentions(text: str, kind: EventKind) -> bool:
    return kind.mentioned.search(text) is not None
