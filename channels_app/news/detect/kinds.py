"""The detector's vocabulary for channels: what names a channel, and which kind it is."""

from __future__ import annotations

import re

MILITARY, TRADE, DIPLOMATIC = "military", "trade", "diplomatic"


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Kinds, by how specific the cue is: 2 names the topic ("defense talks"), 1 is a default
# ("ties", "missions" are diplomatic unless a topic says otherwise), 0 an actor ("leaders").
_KIND_SOURCE: tuple[tuple[str, int, str], ...] = (
    (
        MILITARY,
        2,
        r"militar(?:y|ies)|mil-(?:to-)?mil|defen[cs]e(?! attach)|armed forces|army|armies"
        r"|nav(?:y|al)|air force|theat(?:er|re)[- ]level|theat(?:er|re) command\w*|commanders?"
        r"|maritime (?:safety|consultations?|security|affairs|communications?|hotline|incidents?)"
        r"|MMCA|air safety|deconflict\w*"
        r"|arms control|arms reduction|nuclear arms|New START|INF treaty|Open Skies"
        r"|inspections?|hotlines?|joint chiefs|chiefs? of (?:the )?(?:joint |general )?staff"
        r"|admirals?|(?<!director )(?<!directors )(?<!secretary[ -])(?<!attorney[ -])"
        r"(?<!consul[ -])generals?(?! (?:election|assembly|public|secretary|strike))"
        r"|DGMOs?|military operations|border patrol\w*|patrolling|disengagement"
        r"|Line of Actual Control|ceasefire|coast guards?|PLA|Pentagon|IDF|DPCT"
        r"|security (?:talks|dialogue|consultations)|warships?|intelligence[- ]sharing|GSOMIA",
    ),
    (
        TRADE,
        2,
        r"trade(?! (?:accusations|barbs|blows|insults|jabs|fire|punches|charges|places|blame"
        r"|threats|words|shots|criticism|recriminations|warnings))|trading|economic"
        r"|commerce|commercial|exports?|imports?|customs|embargo|tariffs?"
        r"|(?<!arms )(?<!weapons )shipments?(?! of (?:weapons|arms|ammunition|munitions|aid))"
        r"|free trade|FTA|rare[- ]earths?|seafood|fish(?:ery|eries)?|beef|pork|wine|barley"
        r"|coal|grain|wheat|rice|soybeans?|timber|lobsters?|fruit|cotton|aquatic products"
        r"|(?:gas|oil|energy|grain|food|coal|fuel) (?:supplies|deliveries|flows)|MOFCOM|USTR"
        r"|traders?|goods|freight|cargo|trucks|lorries",
    ),
    (
        DIPLOMATIC,
        2,
        r"diplomatic|diplomacy|diplomats?|embass(?:y|ies)|ambassadors?|envoys?|attach[eé]s?"
        r"|consul(?:ates?|ar|s)?|high commission(?:ers?|s)?|charg[eé]s? d'affaires|liaison"
        r"|foreign minist(?:er|ry|ers|ries)|foreign secretary|foreign affairs"
        r"|secretary of state|state department|external affairs|unification ministry"
        r"|summits?|climate|counter-?narcotics|fentanyl|narcotics"
        r"|drugs?|nuclear (?:talks|negotiations|deal|dialogue|programme|program|agreement)"
        r"|peace (?:talks|process|negotiations|deal|agreement|plan)|special representatives?"
        r"|strategic dialogue|boundary (?:talks|negotiations|question)"
        r"|(?:re)?unification (?:agenc(?:y|ies)|bodies|ministry|organi[sz]ations?|committee)",
    ),
    (DIPLOMATIC, 1, r"relations|ties|missions?|recognition"),
    (
        DIPLOMATIC,
        0,
        r"leaders?|presidents?|prime ministers?|premier|chancellor|king|crown prince|emir"
        r"|foreign ministers?|heads? of state|national security advis[eo]rs?|delegations?"
        r"|governments?",
    ),
    (TRADE, 0, r"(?:trade|commerce|finance) (?:ministers?|secretary|representatives?)"),
)


def _kind_pattern() -> re.Pattern[str]:
    groups = [
        f"(?P<{kind}{priority}_{index}>{body})"
        for index, (kind, priority, body) in enumerate(_KIND_SOURCE)
    ]
    return re.compile(r"\b(?:" + "|".join(groups) + r")\b", re.IGNORECASE)


KIND_CUES = _kind_pattern()

# Nouns that name a channel. A cue whose clause names none of these (tariffs, firing, drills,
# a sales network) is not about a channel.
CHANNEL_NOUNS = _re(
    r"\b(?:talks|dialogues?|negotiations|consultations?|contacts?|communications?|lines?"
    r"|hotlines?|channels?|ties|relations|co-?operation|embass(?:y|ies)|consulates?"
    r"|missions?|envoys?|ambassadors?|diplomats?|high commissioners?|staff(?:ing)?|trade"
    r"|(?:imports?|exports?)(?! (?:controls?|curbs?|restrictions?|tariffs?|duties|licen[cs]es?"
    r"|quotas?|rules)\b)|commerce|calls?(?! (?:for|on)\b)|meetings?|mechanisms?|working groups?"
    r"|visits?"
    r"|(?<!arms )(?<!weapons )shipments?(?! of (?:weapons|arms|ammunition|munitions|aid))"
    r"|offices?|treat(?:y|ies)|inspections|agreements?|deals?|truce|summits?|participation"
    r"|(?<!stock )(?<!prisoner )exchanges?(?! of (?:fire|gunfire|prisoners|bodies))|forum"
    r"|process|liaison|purchases|ban|embargo|seafood|wine|beef|barley|coal|soybeans"
    r"|aquatic products|pacts?|accords?|supplies|deliveries"
    r"|(?:border )?crossings?|border|attach[eé]s?|intelligence[- ]sharing|GSOMIA|arms control"
    r"|(?:shuttle )?diplomacy)\b"
)

# Other senses of "channel": blanked before anything is read.
OTHER_CHANNELS = _re(
    r"\b(?:English|Bristol|Mozambique|Suez|TV|television|news|cable|YouTube|Telegram"
    r"|WhatsApp|sales|distribution|retail|marketing|shipping|navigation|irrigation|broadcast"
    r"|streaming|online|e-commerce|sports|music|radio|satellite|state)\s+channels?\b"
    r"|\bchannels?\s+(?:\d+|for (?:\w+ )?(?:audiences|viewers|listeners))\b"
    r"|\b(?:front|red|party|bottom|shipping|bus|rail(?:way)?|credit|product(?:ion)?|assembly"
    r"|finish|starting|fault|supply|picket|battle|hard|coast|tree|flight|sea|ferry|air|pipe"
    r"|power|transmission|subway|metro|tram|defensive|enemy)[ -]lines?\b"
    r"|\b(?:broadcaster|viewers|programming)\b"
)

# Trade halted for one sector (seafood, coal) rather than as a whole: limited, not suspended.
SECTOR = re.compile(
    r"\b(?:imports?|exports?|shipments?|purchases|sales)\s+of\s+(?!(?:all|goods|everything)\b)"
    r"[a-z]"
    r"|(?<![\w-])(?!(?:all|and|or|its|their|the|total|bilateral|overall|of|any|most|some|such"
    r"|new|further|direct|to|from|on|in|with|for|by|over|about|at|under|against|into"
    r"|halt\w*|suspend\w*|ban\w*|stop\w*"
    r"|resum\w*|block\w*|freez\w*|froze\w*|restor\w*|cut\w*)\b)[a-z][a-z-]+\s+"
    r"(?:imports?|exports?|shipments?)\b"
    r"|\b(?:seafood|fish|beef|pork|wine|barley|coal|grain|wheat|rice|soybeans?|timber"
    r"|lobsters?|fruit|cotton|rare[- ]earths?|oil|gas|chips?|semiconductors?)\b"
)
