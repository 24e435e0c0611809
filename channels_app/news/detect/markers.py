"""Modality markers: the words around a cue that say how the sentence puts it.

Each is read in the cue's clause before it (after the last "said"), except the past-time
markers, read right after it ("cut off last year").
"""

from __future__ import annotations

import re


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


DENIAL = _re(
    r"\b(?:den(?:y|ies|ied|ying)|dismiss(?:es|ed|ing)?|refut(?:e|es|ed)|rul(?:e|es|ed|ing) out"
    r"|no plans?|not plan(?:ning)?|no intention|reject(?:s|ed)? (?:reports?|claims?"
    r"|suggestions?|speculation)|false|untrue)\b"
)
NEGATION = _re(r"(?:\b(?:not|never|no|without|nor)\b|n't)(?:\s+[\w-]+){0,2}\s*$")
THREAT = _re(
    r"\b(?:threat(?:en(?:s|ed|ing)?|s)?|warn(?:s|ed|ing)?|ultimatum|or else"
    r"|vow(?:s|ed)? to retaliate|risk(?:s|ed|ing)?)\b"
)
SPECULATION = _re(
    r"\b(?:could|might|(?<!\bin )(?<!\bon )(?<!\bof )(?<!since )(?<!early )(?<!until )may(?! \d)"
    r"|hopes?|hoped|hoping|expect(?:s|ed|ing|ations?)?|likely|unlikely|consider(?:s|ed|ing)?"
    r"|weigh(?:s|ed|ing)?|mull(?:s|ed|ing)?|call(?:s|ed|ing)? for|urg(?:e|es|ed|ing)"
    r"|call(?:s|ed|ing)? on(?=(?:\s+[\w'-]+){1,4}\s+to\b)|seek(?:s|ing)?|sought"
    r"|propos(?:e|es|ed|al|als)|offer(?:s|ed)? to|ready to"
    r"|willing(?:ness)? to|open to|aim(?:s|ed)? to|want(?:s|ed)? to|wish(?:es)? to|must"
    r"|should|ought|needs? to|bet(?:s|ting)?|prospects?|possib(?:le|ility|ly)"
    r"|potential(?:ly)?|whether|pav(?:e|es|ed|ing) the way|push(?:es|ed)? for"
    r"|press(?:es|ed)? for|ask(?:s|ed)? for|request(?:s|ed)?|explor(?:e|es|ed|ing)"
    r"|discuss(?:es|ed|ing)?|talks? (?:on|about)|speculat\w*|rumou?r\w*|analysts?"
    r"|demand(?:s|ed)?|insist\w*|would like|eye(?:s|ing)?|signal(?:s|ed|led)?"
    r"|float(?:s|ed)|suggest(?:s|ed)?|bid to|door to|way for)\b"
)
INTENT = _re(
    r"\b(?:agree(?:s|d|ing)?|agreement|will|'ll|would|shall|pledg(?:e|es|ed)|promis(?:e|es|ed)"
    r"|commit(?:s|ted)?|decid(?:e|es|ed)|decision|vow(?:s|ed)?|plan(?:s|ned)? to|set to"
    r"|(?:is|are) to|intends?|announc(?:e|es|ed|ing)|going to|mov(?:e|es|ed) to)\b"
)
TO_BEFORE = re.compile(r"\bto\s+$")
REPORTING = _re(r"\b(?:said|says|say|saying|told|added|according to|reported)\b")
# "reversing last year's expulsions", "a 2019 decision to suspend": an earlier change.
REVERSAL = _re(
    r"\b(?:revers(?:e|es|ed|ing|al)|undo(?:es|ing)?|undid|overturn\w*|rescind\w*)\b"
    r"|\b(?:19|20)\d\d(?:\s+[\w-]+){0,3}\s*$"
)
PLUPERFECT = _re(r"\bhad\s+(?:been\s+)?(?:\w+ly\s+)?$")
EARLIER = _re(
    r"\b(?:last (?:year|month|week|summer|autumn|fall|winter|spring)'s|previous|earlier"
    r"|former|prior|once|past|last)\s+(?:\w+\s+)?$"
    r"|\b(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|many) (?:years|months"
    r"|decades)|a (?:year|decade)) ago\b|\bin (?:19|20)\d\d\b|\blast year\b"
)
PAST_TIME = _re(
    r"^[^.;]{0,30}?\b(?:last (?:year|month|week|summer|autumn|fall|winter|spring)"
    r"|(?:in|from) (?:(?:early |late |mid-)?(?:January|February|March|April|May|June|July"
    r"|August|September|October|November|December) )?(?:19|20)\d\d"
    r"|(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|many) (?:years|months"
    r"|decades) ago|a (?:year|decade) ago|earlier this year|previously)\b"
)
RETROSPECTIVE_ITEM = _re(
    r"\b(?:anniversary|look(?:s|ing)? back|timeline|years? on\b|explainer|in retrospect"
    r"|history of|recap)\b"
    r"|^(?:\w+ )?(?:years?|months?|decades?) (?:after|since|on)\b"
    r"|^(?:why|how|what|opinion|explainer)\b"
)
