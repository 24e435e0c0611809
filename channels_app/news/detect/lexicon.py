"""The detector's state cues: the phrases that put a channel in a state.

Every rule is a phrase a reader could point at in the evidence sentence (`kinds.py` says which
channel it is about, `markers.py` how it is put); `rules.py` only combines them. Patterns are
case-insensitive unless they say otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN, LIMITED, SUSPENDED, SEVERED = "open", "limited", "suspended", "severed"


@dataclass(frozen=True)
class Cue:
    """A phrase that puts a channel in `state`.

    `shape` says where the channel is named: "object" after the verb (or before it when the
    verb is passive, or when nothing follows: "talks resumed"); "subject" before it; "self"
    inside the phrase ("cut ties"); "contact" anywhere in the clause ("met", "held talks").
    `alternatives` change the state by what the channel is (closing a consulate is limited,
    closing an embassy suspended). `negative` cues carry their own negation ("did not answer").
    `fallback` allows the kind to come from elsewhere in the article when the clause names none.
    """

    name: str
    pattern: re.Pattern[str]
    state: str
    weight: float
    shape: str = "object"
    negative: bool = False
    fallback: bool = True
    alternatives: tuple[tuple[re.Pattern[str], str], ...] = ()
    unless_before: re.Pattern[str] | None = None
    unless_after: re.Pattern[str] | None = None


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_TALKS = _re(r"\b(?:talks|negotiations|dialogue|consultations|meetings?)\b")
_ENVOYS = _re(r"\b(?:ambassadors?|envoys?|diplomats?|high commissioners?|consuls?|attach[eé]s?)\b")
_EMBASSY = _re(r"\bembass(?:y|ies)\b")
# A treaty scrapped or cancelled is gone (severed); a meeting cancelled may come back.
_SCRAPPED_TREATY = _re(
    r"\b(?:scrap|cancel)\w*\W+(?:\w+\W+){0,4}?(?:treat(?:y|ies)|pacts?|accords?|agreements?)\b"
    r"|\b(?:treat(?:y|ies)|pacts?|accords?|agreements?)\W+(?:\w+\W+){0,4}?(?:scrap|cancel)\w*"
)
_W = r"(?:[\w'’-]+\s+)"  # one word and its space
# "cancels meeting with": the meeting is what is cancelled, not a contact.
_CALLED_OFF = re.compile(
    r"\b(?:skip|cancel|postpon|call(?:s|ed)? off|scrap|refus|declin|snub|shun|boycott|miss"
    r"|halt|suspend|freez|froze|pull(?:s|ed)? out of|walk(?:s|ed)? out of|withdr|reject|rebuff"
    r"|ignor|delay)\w*\s+(?:(?:a|an|the|their|its|his|her|planned|scheduled|next|first)\s+)*$",
    re.IGNORECASE,
)

CUES: tuple[Cue, ...] = (
    # open
    Cue("resume", _re(r"\bresum(?:e|es|ed|ing|ption)\b"), OPEN, 0.85),
    Cue("restore", _re(r"\brestor(?:e|es|ed|ing|ation)\b"), OPEN, 0.85),
    Cue("re-establish", _re(r"\bre-?establish(?:es|ed|ing|ment)?\b"), OPEN, 0.85),
    Cue("reopen", _re(r"\bre-?open(?:s|ed|ing)?\b"), OPEN, 0.85),
    Cue("reconnect", _re(r"\breconnect(?:s|ed|ing|ion)?\b"), OPEN, 0.85),
    Cue(
        "restart",
        _re(
            r"\b(?:restart(?:s|ed|ing)?|relaunch(?:es|ed|ing)?|reviv(?:e|es|ed|ing|al)"
            r"|reinstat(?:e|es|ed|ing)|reactivat(?:e|es|ed|ing)|thaw(?:s|ed)?|mend(?:s|ed|ing)?"
            r"|repair(?:s|ed|ing)?|patch(?:es|ed)? up)\b"
        ),
        OPEN,
        0.8,
    ),
    Cue(
        "establish",
        _re(
            r"\b(?:establish(?:es|ed|ing|ment)?|set(?:s|ting)? up|launch(?:es|ed|ing)?"
            r"|inaugurat(?:e|es|ed|ing)|creat(?:e|es|ed|ing))\b"
        ),
        OPEN,
        0.75,
    ),
    Cue(
        "open",
        _re(r"\bopen(?:s|ed|ing)?\b"),
        OPEN,
        0.75,
        unless_before=_re(
            r"\b(?:remains?|remained|stays?|stayed|is|are|be|kept|keeps?|keeping|leaves?|left"
            r"|door|doors)\s+(?:\w+\s+)?$"
        ),
        unless_after=_re(r"^(?:\s+to\b|\s+fire\b|-|\s+for business|\s+question)"),
    ),
    Cue(
        "keep open",
        _re(rf"\b(?:keep|keeps|keeping|kept)\s+{_W}{{0,5}}?open\b"),
        OPEN,
        0.7,
        shape="self",
    ),
    Cue("normalise", _re(r"\bnormali[sz](?:e|es|ed|ing|ation)\b"), OPEN, 0.8),
    Cue("upgrade", _re(r"\bupgrad(?:e|es|ed|ing)\b"), OPEN, 0.7),
    Cue(
        "lift ban",
        _re(
            r"\b(?:lift(?:s|ed|ing)?|end(?:s|ed|ing)?|remov(?:e|es|ed|ing)|scrap(?:s|ped|ping)?"
            rf"|eas(?:e|es|ed|ing))\s+{_W}{{0,4}}?(?:ban|embargo|suspension|freeze|boycott"
            r"|blockade)s?\b"
        ),
        OPEN,
        0.75,
        shape="self",
        fallback=False,
    ),
    Cue(
        "appoint envoy",
        _re(
            r"\b(?:nam(?:e|es|ed|ing)|appoint(?:s|ed|ing)?|nominat(?:e|es|ed|ing)"
            r"|accredit(?:s|ed|ing)?|send(?:s|ing)?|sent|return(?:s|ed|ing)?|post(?:s|ed)?"
            r"|exchang(?:e|es|ed|ing)|swap(?:s|ped)?|restor(?:e|es|ed|ing))\s+"
            rf"{_W}{{0,3}}?(?:ambassadors?|envoys?|high commissioners?|charg[eé]s? d'affaires"
            r"|consuls?(?:[- ]general)?)\b"
        ),
        OPEN,
        0.8,
        shape="self",
    ),
    Cue(
        "envoy returns",
        _re(
            rf"\b(?:ambassadors?|envoys?|high commissioners?)\s+{_W}{{0,2}}?(?:return(?:s|ed)?"
            r"|arriv(?:e|es|ed)|went back|is back)\b"
        ),
        OPEN,
        0.75,
        shape="self",
    ),
    Cue(
        "held talks",
        _re(
            r"\b(?:h[oe]ld(?:s|ing)?|host(?:s|ed|ing)?|conven(?:e|es|ed|ing)|conduct(?:s|ed)?"
            rf"|had)\s+{_W}{{0,5}}?(?:talks|summit|meetings?|call|dialogue|consultations?"
            r"|negotiations|discussions|round)\b"
        ),
        OPEN,
        0.7,
        shape="contact",
    ),
    Cue(
        "talks were held",
        _re(
            rf"\b(?:talks|meetings?|summit|call|consultations?|negotiations|dialogue)\s+{_W}{{0,4}}?"
            r"(?:w(?:as|ere) held|took place|t(?:ake|akes) place|went ahead|got under way)\b"
        ),
        OPEN,
        0.7,
        shape="contact",
    ),
    Cue(
        "met",
        _re(r"\b(?:met|meets?|meeting with)\b|^Meeting\b"),
        OPEN,
        0.65,
        shape="contact",
        unless_before=_CALLED_OFF,
        unless_after=_re(
            r"^\s+(?:the\s+)?(?:demands?|targets?|goals?|deadline|needs|requirements|criteria"
            r"|conditions|expectations|obligations)\b"
        ),
    ),
    Cue(
        "spoke",
        _re(
            r"\b(?:spoke|speaks|talked|talks? by (?:phone|video|telephone)"
            r"|talk (?:with|for the first time))\b"
        ),
        OPEN,
        0.65,
        shape="contact",
        unless_after=_re(
            r"^\s+(?:of|about|out|against|at an?\b|to (?:reporters|the press|journalists)"
            r"|on condition)"
        ),
    ),
    Cue(
        "call",
        _re(
            r"\b(?:(?:phone|video|telephone)\s+(?:call|conversation)"
            r"|call(?:s|ed)? (?:his|her|their) (?:\w+ )?counterparts?)\b"
        ),
        OPEN,
        0.65,
        shape="contact",
    ),
    Cue(
        "first contact",
        _re(
            rf"\bfirst\s+{_W}{{0,3}}?(?:talks|call|meeting|visit|contacts?|dialogue|summit"
            r"|round)\b"
        ),
        OPEN,
        0.7,
        shape="contact",
        unless_before=_CALLED_OFF,
    ),
    Cue(
        "agreed",
        _re(
            r"\bagree[sd]?\b(?:\s+(?:to|on)\s+(?:\w+\s+)?(?:ceasefire|truce|deal|agreement|pact"
            r"|framework|roadmap)\b|(?!\s+to\s+(?!(?:a|an|the)\b)\w)(?!\s+(?:that|with)\b))"
        ),
        OPEN,
        0.6,
        shape="contact",
    ),
    Cue(
        "reached deal",
        _re(
            r"\b(?:reach(?:es|ed|ing)?|seal(?:s|ed|ing)?|sign(?:s|ed|ing)?|strikes?|struck"
            r"|clinch(?:es|ed)?|conclud(?:e|es|ed)|finali[sz](?:e|es|ed)|ink(?:s|ed)?"
            r"|extend(?:s|ed|ing)?|renew(?:s|ed|ing)?|end(?:s|ed)? with)\s+"
            rf"{_W}{{0,5}}?(?:deal|agreement|accord|pact|truce|ceasefire|treaty|memorandum"
            r"|framework|understanding|declaration)\b"
        ),
        OPEN,
        0.7,
        shape="contact",
    ),
    Cue(
        "answered",
        _re(r"\b(?:answer(?:s|ed)?|pick(?:s|ed)? up|respond(?:s|ed)? to)\b"),
        OPEN,
        0.7,
        fallback=False,
    ),
    Cue("visit", _re(r"\bvisit(?:s|ed|ing)\s+(?=(?-i:[A-Z]))"), OPEN, 0.5, shape="contact"),
    # limited
    Cue("downgrade", _re(r"\bdowngrad(?:e|es|ed|ing)\b"), LIMITED, 0.85),
    Cue(
        "expel",
        _re(
            r"\b(?:expel(?:s|led|ling)?|expulsions?|order(?:s|ed)? out|kick(?:s|ed)? out"
            rf"|declar(?:e|es|ed|ing)\s+{_W}{{0,4}}?persona non grata|persona non grata)\b"
        ),
        LIMITED,
        0.85,
    ),
    Cue(
        "told to leave",
        _re(
            r"\b(?:order(?:s|ed|ing)?|gave|give|gives|giving|told|tells?|ask(?:s|ed)?)\s+"
            rf"{_W}{{0,6}}?to leave\b"
        ),
        LIMITED,
        0.8,
        shape="self",
        fallback=False,
    ),
    Cue(
        "recall envoy",
        _re(
            r"\b(?:recall(?:s|ed|ing)?|withdr(?:aw|aws|ew|awn|awing)|pull(?:s|ed|ing)? out)\s+"
            rf"{_W}{{0,3}}?(?:ambassadors?|envoys?|diplomats|high commissioners?)\b"
        ),
        LIMITED,
        0.8,
        shape="self",
    ),
    Cue(
        "staff cut",
        _re(
            r"\b(?:cut(?:s|ting)?|reduc(?:e|es|ed|ing)|slash(?:es|ed|ing)?|trim(?:s|med)?"
            rf"|halv(?:e|es|ed|ing))\s+{_W}{{0,5}}?(?:staff|staffing|personnel|presence)\b"
        ),
        LIMITED,
        0.8,
        shape="self",
        fallback=False,
    ),
    Cue(
        "close",
        _re(r"\b(?:clos(?:e|es|ed|ing|ure)|shut(?:s|ting|tered|ters)?(?: down)?)\b"),
        LIMITED,
        0.8,
        alternatives=(
            (_re(r"\b(?:consulates?|consular|offices?|missions?)\b"), LIMITED),
            (
                _re(
                    r"\b(?:embass(?:y|ies)|trade|imports|exports|channels?|lines?|hotlines?"
                    r"|communications?|talks|dialogue)\b"
                ),
                SUSPENDED,
            ),
        ),
        unless_before=_re(
            r"\b(?:to|come|came|comes|drew|draw|draws|in|very|so|too|a)\s+(?:a\s+)?$"
        ),
        unless_after=_re(
            r"^(?:-door|\s+(?:ties|relations|cooperation|co-operation|contacts?|partners?|allies"
            r"|ally|friends?|links|to|watch|attention|eye|scrutiny|coordination|consultations?"
            r"|friendship|neighbours?|neighbors?|associates?|aides?|advisers?|range|quarters))\b"
        ),
    ),
    # suspended
    Cue(
        "suspend",
        _re(r"\bsuspen(?:d|ds|ded|ding|sion)\b"),
        SUSPENDED,
        0.85,
        alternatives=((_ENVOYS, LIMITED),),
    ),
    Cue("halt", _re(r"\bhalt(?:s|ed|ing)?\b"), SUSPENDED, 0.85),
    Cue("pause", _re(r"\bpaus(?:e|es|ed|ing)\b"), SUSPENDED, 0.8),
    Cue("freeze", _re(r"\b(?:freez(?:e|es|ing)|froze|frozen)\b"), SUSPENDED, 0.85),
    Cue(
        "cancel",
        _re(
            r"\b(?:cancel(?:s|led|ed|ling|ing|lation)?|call(?:s|ed|ing)? off"
            r"|scrap(?:s|ped|ping)?|shelv(?:e|es|ed|ing)|postpon(?:e|es|ed|ing|ement)"
            r"|call(?:s|ed)? a halt to|pull(?:s|ed|ing)? the plug on|pull(?:s|ed|ing)? plug on)\b"
        ),
        SUSPENDED,
        0.8,
        alternatives=((_SCRAPPED_TREATY, SEVERED),),
    ),
    Cue(
        "stop",
        _re(
            r"\b(?:stop(?:s|ped|ping)?|ceas(?:e|es|ed|ing)|block(?:s|ed|ing)?"
            r"|ban(?:s|ned|ning)?|bar(?:s|red|ring)?|embargo(?:es|ed)?)\b"
        ),
        SUSPENDED,
        0.75,
    ),
    Cue(
        "refuse",
        _re(
            r"\b(?:refus(?:e|es|ed|ing)|declin(?:e|es|ed|ing)|reject(?:s|ed|ing)?|rebuff(?:s|ed)?"
            r"|snub(?:s|bed)?|spurn(?:s|ed)?|boycott(?:s|ed|ing)?|skip(?:s|ped|ping)?|shun(?:s|ned)?"
            r"|ignor(?:e|es|ed|ing))(?:\s+to\s+(?:hold|attend"
            r"|join|resume|take|answer|accept|engage in|return to|pick up"
            r"|restore|reopen))?\b"
        ),
        SUSPENDED,
        0.7,
        unless_after=_re(
            r"^\s+(?:the\s+|as\s+)?(?:reports?|claims?|suggestions?|speculation|allegations?"
            r"|accusations?|criticism|comment)"
        ),
    ),
    Cue(
        "did not answer",
        _re(
            r"\b(?:(?:has|have|had|did|does|do|was|were)\s+not|(?:has|have|had|did|does|do)n't"
            r"|never|not|fail(?:s|ed)? to)\s+(?:\w+\s+)?(?:answer(?:ed|ing)?|respond(?:ed|ing)?"
            r"|repl(?:y|ied)"
            r"|pick(?:ed)? up|return(?:ed)? (?:the |its |their )?calls?)\b"
            r"|\bstop(?:s|ped|ping)? (?:answering|responding|picking up|replying)\b"
            r"|\b(?:unanswered|went (?:silent|dead|unanswered)|fell silent|(?:has|have) gone"
            r" (?:silent|dead)|no (?:answer|response|reply))\b"
        ),
        SUSPENDED,
        0.8,
        shape="self",
        negative=True,
    ),
    Cue(
        "no contact",
        _re(
            rf"\bno\s+{_W}{{0,2}}?(?:contacts?|communication|talks|dialogue|meetings?"
            r"|negotiations|calls)\b"
        ),
        SUSPENDED,
        0.8,
        shape="self",
        negative=True,
        # "No meeting is planned" says nothing is scheduled yet, not that contact stopped.
        unless_after=_re(
            r"^\s+(?:is|are|was|were|has been|have been)\s+(?:yet\s+|currently\s+)?"
            r"(?:planned|scheduled|set|expected|foreseen|on the calendar)\b"
        ),
    ),
    Cue(
        "will not negotiate",
        # Refusing contact itself: the kind comes from who would meet ("defence chief").
        _re(
            r"\b(?:(?:will|would|'ll)\s+not|won't|wouldn't|refus(?:e|es|ed|ing)\s+to)"
            r"\s+(?:(?:negotiate|talk|meet|engage)\b"
            r"|(?:hold(?:ing)?\s+)?(?:any\s+)?(?:talks|negotiations|dialogue|meetings?)\b)"
        ),
        SUSPENDED,
        0.7,
        shape="contact",
        negative=True,
    ),
    Cue(
        "rule out talks",
        # A refusal, not a denial: "ruled out cutting ties" stays a denial (the cut cue).
        _re(
            r"\brul(?:e|es|ed|ing)\s+out\s+(?:[\w-]+\s+){0,2}?"
            r"(?:talks|negotiations|dialogue|meetings?|contacts?)\b"
        ),
        SUSPENDED,
        0.7,
        negative=True,
    ),
    Cue(
        "talks collapsed",
        _re(
            rf"\b(?:talks|negotiations|dialogue)\s+{_W}{{0,5}}?(?:broke down|break(?:s)? down"
            r"|collaps(?:e|es|ed)|stall(?:ed|s)?|f(?:ell|all|alls) apart|failed|foundered)\b"
        ),
        SUSPENDED,
        0.8,
        shape="self",
    ),
    Cue(
        "talks are off",
        _re(
            rf"\b(?:talks|negotiations|dialogue|meeting|summit|visit)\s+{_W}{{0,4}}?"
            r"(?:is|are|was|were) (?:off|over|dead)\b"
        ),
        SUSPENDED,
        0.75,
        shape="self",
    ),
    Cue(
        "walk out",
        _re(r"\b(?:walk(?:s|ed)?|storm(?:s|ed)?)\s+out\s+of\b"),
        SUSPENDED,
        0.8,
    ),
    Cue(
        "on hold",
        _re(r"\b(?:on hold|in abeyance|on ice)\b"),
        SUSPENDED,
        0.75,
        shape="subject",
    ),
    # severed
    Cue("sever", _re(r"\bsever(?:s|ed|ing|ance)?\b"), SEVERED, 0.9),
    Cue("cut", _re(r"\bcut(?:s|ting)?(?:\s+off)?\b"), SEVERED, 0.85),
    Cue(
        "break off",
        _re(r"\b(?:br(?:eak|eaks|oke|oken|eaking)(?:\s+off)?|ruptur(?:e|es|ed|ing))\b"),
        SEVERED,
        0.85,
        alternatives=((_TALKS, SUSPENDED),),
    ),
    Cue(
        "abolish",
        _re(
            r"\b(?:abolish(?:es|ed|ing)?|demolish(?:es|ed|ing)?|dismantl(?:e|es|ed|ing)"
            r"|terminat(?:e|es|ed|ing|ion)|tear(?:s|ing)? up|tore up|torn up"
            r"|bl(?:ow|ows|ew|own|owing) up|destroy(?:s|ed|ing)?|disconnect(?:s|ed|ing)?)\b"
        ),
        SEVERED,
        0.85,
    ),
    Cue(
        "end ties",
        _re(
            r"\b(?:formally |officially )?end(?:s|ed|ing)?\s+"
            r"(?:(?!(?:of|with|without|in|on)\b)[\w'-]+\s+){0,3}?"
            r"(?:relations|ties|contacts?|cooperation"
            r"|talks|dialogue|treat(?:y|ies)|agreements?|pacts?|accords?)\b"
        ),
        SEVERED,
        0.85,
        shape="self",
        alternatives=((_TALKS, SUSPENDED),),
    ),
    Cue(
        "withdraw",
        _re(
            r"\b(?:withdr(?:aw|aws|ew|awn|awing)|pull(?:s|ed|ing)? out)\s+(?:\w+\s+){0,2}?from\b"
            r"|\b(?:quit(?:s|ting)?|exit(?:s|ed|ing)?)\b"
        ),
        SEVERED,
        0.8,
        alternatives=((_ENVOYS, LIMITED), (_TALKS, SUSPENDED)),
    ),
)

# The words a cue can start with (as prefixes): a sentence is scanned once for all of them,
# and only the cues they name are run (about a tenth of them, for a typical sentence).
# fmt: off
TRIGGERS: dict[str, tuple[str, ...]] = {
    "resume": ("resum",),
    "restore": ("restor",),
    "re-establish": ("re-establish", "reestablish"),
    "reopen": ("reopen", "re-open"),
    "reconnect": ("reconnect",),
    "restart": ("restart", "relaunch", "reviv", "reinstat", "reactivat", "thaw", "mend", "repair",
                "patch"),
    "establish": ("establish", "set", "launch", "inaugurat", "creat"),
    "open": ("open",),
    "keep open": ("keep", "kept"),
    "normalise": ("normali",),
    "upgrade": ("upgrad",),
    "lift ban": ("lift", "end", "remov", "scrap", "eas"),
    "appoint envoy": ("nam", "appoint", "nominat", "accredit", "send", "sent", "return", "post",
                      "exchang", "swap", "restor"),
    "envoy returns": ("ambassador", "envoy", "high commissioner"),
    "held talks": ("hold", "held", "host", "conven", "conduct", "had"),
    "talks were held": ("talks", "meeting", "summit", "call", "consultation", "negotiation",
                        "dialogue"),
    "met": ("met", "meet"),
    "spoke": ("spoke", "speak", "talk"),
    "call": ("phone", "video", "telephone", "call"),
    "first contact": ("first",),
    "agreed": ("agree",),
    "reached deal": ("reach", "seal", "sign", "strike", "struck", "clinch", "conclud", "finali",
                     "ink", "extend", "renew", "end"),
    "answered": ("answer", "pick", "respond"),
    "visit": ("visit",),
    "downgrade": ("downgrad",),
    "expel": ("expel", "expuls", "order", "kick", "declar", "persona"),
    "told to leave": ("order", "gave", "give", "giving", "told", "tell", "ask"),
    "recall envoy": ("recall", "withdr", "pull"),
    "staff cut": ("cut", "reduc", "slash", "trim", "halv"),
    "close": ("clos", "shut"),
    "suspend": ("suspen",),
    "halt": ("halt",),
    "pause": ("paus",),
    "freeze": ("freez", "froze"),
    "cancel": ("cancel", "call", "scrap", "shelv", "postpon", "pull"),
    "stop": ("stop", "ceas", "block", "ban", "bar", "embargo"),
    "refuse": ("refus", "declin", "reject", "rebuff", "snub", "spurn", "boycott", "skip", "shun",
               "ignor"),
    "did not answer": ("has", "have", "had", "did", "do", "was", "were", "never", "not", "fail",
                       "stop", "unanswered", "went", "fell", "no"),
    "no contact": ("no",),
    "will not negotiate": ("will", "would", "won", "wouldn", "refus"),
    "rule out talks": ("rul",),
    "talks collapsed": ("talks", "negotiations", "dialogue"),
    "talks are off": ("talks", "negotiations", "dialogue", "meeting", "summit", "visit"),
    "walk out": ("walk", "storm"),
    "on hold": ("on hold", "in abeyance", "on ice"),
    "sever": ("sever",),
    "cut": ("cut",),
    "break off": ("break", "broke", "ruptur"),
    "abolish": ("abolish", "demolish", "dismantl", "terminat", "tear", "tore", "torn", "blow",
                "blew", "destroy", "disconnect"),
    "end ties": ("formally", "officially", "end"),
    "withdraw": ("withdr", "pull", "quit", "exit"),
}
# fmt: on
