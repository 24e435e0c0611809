"""Names that stand for a country: names and variants, demonyms, capitals, institutions, people.

The full list of country names comes from django-countries (in English); the tables here add
what news copy uses instead ("Beijing", "the Pentagon", "Chinese", "Putin"). Some aliases carry
a kind hint (the Pentagon speaks for the military) used when a sentence names no topic.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import translation

# Codes whose django-countries name is mostly something else in news copy, and territories
# that are what two countries talk about, not a side ("UK-Argentina talks on the Falklands").
_SKIPPED_CODES = frozenset({"JE", "GG", "GS", "VI", "VG", "UM", "BV", "HM", "FK", "GI"})

# fmt: off
_EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "US": ("US", "U.S.", "U.S", "USA", "U.S.A.", "United States", "America", "Washington"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "United Kingdom", "England", "London",
           "Northern Ireland", "Scotland", "Wales"),
    "CN": ("PRC", "People's Republic of China", "Mainland China", "Sino", "Beijing"),
    "IN": ("Indo",), "RU": ("Russian Federation", "Moscow", "Kremlin", "Russo"),
    "KP": ("DPRK", "Democratic People's Republic of Korea", "Pyongyang", "North Korea"),
    "KR": ("ROK", "Republic of Korea", "Korea", "Seoul", "South Korea"),
    "TR": ("Turkey", "Turkiye", "Türkiye", "Ankara"),
    "AE": ("UAE", "U.A.E.", "Emirates", "Abu Dhabi"), "SA": ("KSA", "Riyadh"),
    "CD": ("Congo", "DR Congo", "DRC", "Democratic Republic of Congo", "Congo-Kinshasa",
           "Kinshasa"),
    "CG": ("Republic of the Congo", "Republic of Congo", "Congo-Brazzaville", "Brazzaville"),
    "CI": ("Ivory Coast", "Cote d'Ivoire", "Côte d'Ivoire"), "CZ": ("Czech Republic",),
    "MM": ("Burma",), "SZ": ("Swaziland",), "CV": ("Cape Verde",), "TL": ("East Timor",),
    "MK": ("Macedonia",), "NR": ("Nauru",), "VA": ("Vatican", "Holy See"),
    "NL": ("Holland", "the Netherlands"), "BA": ("Bosnia",),
    "PS": ("Palestinian Authority", "Palestinian territories"), "MO": ("Macau",),
    "LA": ("Lao PDR",), "ST": ("Sao Tome", "São Tomé and Príncipe"), "KN": ("St Kitts and Nevis",),
    "LC": ("St Lucia",), "VC": ("St Vincent and the Grenadines",),
    "IE": ("Republic of Ireland",), "IR": ("Persia",),
}

# Demonyms ("Chinese"; "U.S." is a name). Plurals ("Russians") are generated.
_DEMONYMS: dict[str, tuple[str, ...]] = {
    "AF": ("Afghan",), "AL": ("Albanian",), "DZ": ("Algerian",), "AO": ("Angolan",),
    "AR": ("Argentine", "Argentinian"), "AM": ("Armenian",), "AU": ("Australian", "Aussie"),
    "AT": ("Austrian",), "AZ": ("Azerbaijani", "Azeri"), "BH": ("Bahraini",),
    "BD": ("Bangladeshi",), "BY": ("Belarusian",), "BE": ("Belgian",), "BJ": ("Beninese",),
    "BT": ("Bhutanese",), "BO": ("Bolivian",), "BA": ("Bosnian",), "BW": ("Botswanan",),
    "BR": ("Brazilian",), "BN": ("Bruneian",), "BG": ("Bulgarian",), "BF": ("Burkinabe",),
    "BI": ("Burundian",), "KH": ("Cambodian",), "CM": ("Cameroonian",), "CA": ("Canadian",),
    "TD": ("Chadian",), "CL": ("Chilean",), "CN": ("Chinese",), "CO": ("Colombian",),
    "CD": ("Congolese",), "CR": ("Costa Rican",), "HR": ("Croatian", "Croat"), "CU": ("Cuban",),
    "CY": ("Cypriot",), "CZ": ("Czech",), "DK": ("Danish",), "DJ": ("Djiboutian",),
    "DO": ("Dominican",), "EC": ("Ecuadorian", "Ecuadorean"), "EG": ("Egyptian",),
    "SV": ("Salvadoran",), "ER": ("Eritrean",), "EE": ("Estonian",), "ET": ("Ethiopian",),
    "FJ": ("Fijian",), "FI": ("Finnish",), "FR": ("French",), "GA": ("Gabonese",),
    "GM": ("Gambian",), "GE": ("Georgian",), "DE": ("German",), "GH": ("Ghanaian",),
    "GR": ("Greek",), "GT": ("Guatemalan",), "GN": ("Guinean",), "HT": ("Haitian",),
    "HN": ("Honduran",), "HU": ("Hungarian",), "IS": ("Icelandic",), "IN": ("Indian",),
    "ID": ("Indonesian",), "IR": ("Iranian",), "IQ": ("Iraqi",), "IE": ("Irish",),
    "IL": ("Israeli",), "IT": ("Italian",), "JM": ("Jamaican",), "JP": ("Japanese",),
    "JO": ("Jordanian",), "KZ": ("Kazakh", "Kazakhstani"), "KE": ("Kenyan",), "KW": ("Kuwaiti",),
    "KG": ("Kyrgyz",), "LA": ("Laotian",), "LV": ("Latvian",), "LB": ("Lebanese",),
    "LR": ("Liberian",), "LY": ("Libyan",), "LT": ("Lithuanian",), "MG": ("Malagasy",),
    "MW": ("Malawian",), "MY": ("Malaysian",), "ML": ("Malian",), "MT": ("Maltese",),
    "MR": ("Mauritanian",), "MU": ("Mauritian",), "MX": ("Mexican",), "MD": ("Moldovan",),
    "MN": ("Mongolian",), "ME": ("Montenegrin",), "MA": ("Moroccan",), "MZ": ("Mozambican",),
    "MM": ("Burmese",), "NA": ("Namibian",), "NP": ("Nepali", "Nepalese"), "NL": ("Dutch",),
    "NZ": ("New Zealander",), "NI": ("Nicaraguan",), "NE": ("Nigerien",), "NG": ("Nigerian",),
    "KP": ("North Korean",), "MK": ("Macedonian",), "NO": ("Norwegian",), "OM": ("Omani",),
    "PK": ("Pakistani",), "PS": ("Palestinian",), "PA": ("Panamanian",),
    "PG": ("Papua New Guinean",), "PY": ("Paraguayan",), "PE": ("Peruvian",),
    "PH": ("Filipino", "Philippine"), "PL": ("Polish",), "PT": ("Portuguese",), "QA": ("Qatari",),
    "RO": ("Romanian",), "RU": ("Russian",), "RW": ("Rwandan",), "SA": ("Saudi",),
    "SN": ("Senegalese",), "RS": ("Serbian", "Serb"), "XK": ("Kosovar",), "SL": ("Sierra Leonean",),
    "SG": ("Singaporean",), "SK": ("Slovak",), "SI": ("Slovenian",), "SO": ("Somali",),
    "ZA": ("South African",), "KR": ("South Korean",), "SS": ("South Sudanese",),
    "ES": ("Spanish",), "LK": ("Sri Lankan",), "SD": ("Sudanese",), "SE": ("Swedish",),
    "CH": ("Swiss",), "SY": ("Syrian",), "TW": ("Taiwanese",), "TJ": ("Tajik",),
    "TZ": ("Tanzanian",), "TH": ("Thai",), "TG": ("Togolese",), "TN": ("Tunisian",),
    "TR": ("Turkish",), "TM": ("Turkmen",), "UG": ("Ugandan",), "UA": ("Ukrainian",),
    "AE": ("Emirati",), "GB": ("British", "Briton"), "US": ("American",), "UY": ("Uruguayan",),
    "UZ": ("Uzbek",), "VE": ("Venezuelan",), "VN": ("Vietnamese",), "YE": ("Yemeni",),
    "ZM": ("Zambian",), "ZW": ("Zimbabwean",),
}

_CAPITALS: dict[str, tuple[str, ...]] = {
    "AF": ("Kabul",), "AL": ("Tirana",), "DZ": ("Algiers",), "AO": ("Luanda",),
    "AR": ("Buenos Aires",), "AM": ("Yerevan",), "AU": ("Canberra",), "AT": ("Vienna",),
    "AZ": ("Baku",), "BH": ("Manama",), "BD": ("Dhaka",), "BY": ("Minsk",), "BO": ("La Paz",),
    "BR": ("Brasilia", "Brasília"), "BG": ("Sofia",), "KH": ("Phnom Penh",), "CA": ("Ottawa",),
    "CL": ("Santiago",), "CO": ("Bogota", "Bogotá"), "CU": ("Havana",), "CY": ("Nicosia",),
    "CZ": ("Prague",), "DK": ("Copenhagen",), "EC": ("Quito",), "EG": ("Cairo",),
    "ER": ("Asmara",), "EE": ("Tallinn",), "ET": ("Addis Ababa",), "FI": ("Helsinki",),
    "FR": ("Paris", "Elysee", "Élysée"), "GE": ("Tbilisi",), "DE": ("Berlin",), "GH": ("Accra",),
    "GR": ("Athens",), "HU": ("Budapest",), "IN": ("New Delhi", "Delhi"), "ID": ("Jakarta",),
    "IR": ("Tehran", "Teheran"), "IQ": ("Baghdad",), "IE": ("Dublin",),
    "IL": ("Jerusalem", "Tel Aviv"), "IT": ("Rome",), "JP": ("Tokyo",), "JO": ("Amman",),
    "KZ": ("Astana",), "KE": ("Nairobi",), "KW": ("Kuwait City",), "KG": ("Bishkek",),
    "LA": ("Vientiane",), "LV": ("Riga",), "LB": ("Beirut",), "LY": ("Tripoli",),
    "LT": ("Vilnius",), "MY": ("Kuala Lumpur",), "ML": ("Bamako",), "MX": ("Mexico City",),
    "MD": ("Chisinau",), "MN": ("Ulaanbaatar",), "MA": ("Rabat",), "MM": ("Naypyidaw",),
    "NP": ("Kathmandu",), "NL": ("Amsterdam",), "NZ": ("Wellington",), "NI": ("Managua",),
    "NE": ("Niamey",), "NG": ("Abuja",), "NO": ("Oslo",), "OM": ("Muscat",),
    "PK": ("Islamabad", "Rawalpindi"), "PS": ("Ramallah",), "PE": ("Lima",), "PH": ("Manila",),
    "PL": ("Warsaw",), "PT": ("Lisbon",), "QA": ("Doha",), "RO": ("Bucharest",), "RW": ("Kigali",),
    "RS": ("Belgrade",), "XK": ("Pristina", "Priština"), "SK": ("Bratislava",),
    "SI": ("Ljubljana",), "SO": ("Mogadishu",),
    "ZA": ("Pretoria",), "SS": ("Juba",), "ES": ("Madrid",), "LK": ("Colombo",),
    "SD": ("Khartoum",), "SE": ("Stockholm",), "CH": ("Bern",), "SY": ("Damascus",),
    "TW": ("Taipei",), "TJ": ("Dushanbe",), "TZ": ("Dodoma",), "TH": ("Bangkok",),
    "TN": ("Tunis",), "TM": ("Ashgabat",), "UG": ("Kampala",), "UA": ("Kyiv", "Kiev"),
    "UZ": ("Tashkent",), "VE": ("Caracas",), "VN": ("Hanoi",), "YE": ("Sanaa", "Sana'a"),
    "ZM": ("Lusaka",), "ZW": ("Harare",), "HR": ("Zagreb",), "BA": ("Sarajevo",),
    "ME": ("Podgorica",), "MK": ("Skopje",), "SN": ("Dakar",), "BF": ("Ouagadougou",),
    "DJ": ("Djibouti City",),
}

# Institutions and people, with the kind of channel they speak for (None: no hint).
_INSTITUTIONS: dict[str, tuple[str, str | None]] = {
    "Pentagon": ("US", "military"), "White House": ("US", "diplomatic"),
    "State Department": ("US", "diplomatic"), "Foggy Bottom": ("US", "diplomatic"),
    "Joint Chiefs": ("US", "military"), "INDOPACOM": ("US", "military"),
    "Indo-Pacific Command": ("US", "military"), "CENTCOM": ("US", "military"),
    "Eastern Theater Command": ("CN", "military"), "Southern Theater Command": ("CN", "military"),
    "Northern Theater Command": ("CN", "military"), "Western Theater Command": ("CN", "military"),
    "USTR": ("US", "trade"),
    "Commerce Department": ("US", "trade"), "Capitol Hill": ("US", None),
    "Downing Street": ("GB", "diplomatic"), "Whitehall": ("GB", None),
    "Foreign Office": ("GB", "diplomatic"), "Quai d'Orsay": ("FR", "diplomatic"),
    "PLA": ("CN", "military"), "People's Liberation Army": ("CN", "military"),
    "Zhongnanhai": ("CN", "diplomatic"), "MOFCOM": ("CN", "trade"), "Knesset": ("IL", None),
    "IDF": ("IL", "military"), "IRGC": ("IR", "military"),
    "Revolutionary Guards": ("IR", "military"), "Blue House": ("KR", "diplomatic"),
    "Bundeswehr": ("DE", "military"), "Bundestag": ("DE", None),
    "Xi Jinping": ("CN", "diplomatic"), "Xi": ("CN", "diplomatic"),
    "Li Qiang": ("CN", "diplomatic"), "Wang Yi": ("CN", "diplomatic"),
    "Dong Jun": ("CN", "military"), "Li Shangfu": ("CN", "military"), "He Lifeng": ("CN", "trade"),
    "Biden": ("US", "diplomatic"), "Trump": ("US", "diplomatic"), "Blinken": ("US", "diplomatic"),
    "Rubio": ("US", "diplomatic"), "Hegseth": ("US", "military"),
    "Lloyd Austin": ("US", "military"), "Bessent": ("US", "trade"), "Yellen": ("US", "trade"),
    "Lutnick": ("US", "trade"), "Raimondo": ("US", "trade"), "Katherine Tai": ("US", "trade"),
    "Jamieson Greer": ("US", "trade"), "Witkoff": ("US", "diplomatic"), "Pelosi": ("US", None),
    "Putin": ("RU", "diplomatic"), "Lavrov": ("RU", "diplomatic"), "Peskov": ("RU", "diplomatic"),
    "Shoigu": ("RU", "military"), "Belousov": ("RU", "military"), "Zelensky": ("UA", "diplomatic"),
    "Zelenskyy": ("UA", "diplomatic"), "Zelenskiy": ("UA", "diplomatic"),
    "Lukashenko": ("BY", "diplomatic"), "Modi": ("IN", "diplomatic"),
    "Jaishankar": ("IN", "diplomatic"), "Rajnath Singh": ("IN", "military"),
    "Sharif": ("PK", "diplomatic"), "Asim Munir": ("PK", "military"),
    "Kim Jong Un": ("KP", "diplomatic"), "Kim Jong-un": ("KP", "diplomatic"),
    "Kim Yo Jong": ("KP", "diplomatic"), "Kim Yo-jong": ("KP", "diplomatic"),
    "Yoon Suk Yeol": ("KR", "diplomatic"), "Lee Jae-myung": ("KR", "diplomatic"),
    "Kishida": ("JP", "diplomatic"), "Ishiba": ("JP", "diplomatic"),
    "Takaichi": ("JP", "diplomatic"), "Albanese": ("AU", "diplomatic"),
    "Penny Wong": ("AU", "diplomatic"), "Trudeau": ("CA", "diplomatic"),
    "Mark Carney": ("CA", "diplomatic"), "Macron": ("FR", "diplomatic"),
    "Starmer": ("GB", "diplomatic"), "Sunak": ("GB", "diplomatic"), "Scholz": ("DE", "diplomatic"),
    "Merz": ("DE", "diplomatic"), "Meloni": ("IT", "diplomatic"), "Erdogan": ("TR", "diplomatic"),
    "Erdoğan": ("TR", "diplomatic"), "Netanyahu": ("IL", "diplomatic"),
    "Khamenei": ("IR", "diplomatic"), "Raisi": ("IR", "diplomatic"),
    "Pezeshkian": ("IR", "diplomatic"), "Araghchi": ("IR", "diplomatic"),
    "Mohammed bin Salman": ("SA", "diplomatic"), "Sisi": ("EG", "diplomatic"),
    "Assad": ("SY", "diplomatic"), "Aliyev": ("AZ", "diplomatic"),
    "Pashinyan": ("AM", "diplomatic"), "Abiy Ahmed": ("ET", "diplomatic"),
    "Isaias Afwerki": ("ER", "diplomatic"), "Maduro": ("VE", "diplomatic"),
    "Gustavo Petro": ("CO", "diplomatic"), "Lula": ("BR", "diplomatic"),
    "Milei": ("AR", "diplomatic"), "Sheinbaum": ("MX", "diplomatic"),
    "Lai Ching-te": ("TW", "diplomatic"), "Tsai Ing-wen": ("TW", "diplomatic"),
    "Kagame": ("RW", "diplomatic"), "Tshisekedi": ("CD", "diplomatic"),
    "Ramaphosa": ("ZA", "diplomatic"), "Orban": ("HU", "diplomatic"),
    "Orbán": ("HU", "diplomatic"), "Vucic": ("RS", "diplomatic"),
}

# Names that stand for both Koreas at once.
_JOINT: dict[str, tuple[str, ...]] = {
    "inter-Korean": ("KP", "KR"), "Inter-Korean": ("KP", "KR"), "two Koreas": ("KP", "KR"),
    "both Koreas": ("KP", "KR"), "North and South Korea": ("KP", "KR"),
    "South and North Korea": ("KP", "KR"), "Koreas": ("KP", "KR"),
}
# fmt: on

# Phrases that contain a name but name no party; blanked before matching.
_NOT_PARTIES = re.compile(
    r"\b(?:(?:East|South) China Sea|South China Morning Post|Sea of Japan|Indian Ocean"
    r"|Taiwan Strait|Persian Gulf|Gulf of (?:Mexico|America|Oman|Aden)|English Channel"
    r"|British Columbia|New Mexico|New South Wales|Washington Post|Washington state"
    r"|(?:Latin|South|North|Central|Native|African) Americans?|Latin America|Americas"
    r"|Paris (?:Agreement|climate)|Vienna Convention|Minsk agreements?|Oslo Accords"
    r"|Korean (?:War|Peninsula)|Indo-Pacific(?! Command)|Central African(?! Republic)"
    r"|Arab League)\b"
)


@dataclass(frozen=True)
class Alias:
    codes: tuple[str, ...]
    hint: str | None = None


def _plural(demonym: str) -> str | None:
    return None if demonym.endswith(("s", "sh", "ch", "ese")) else demonym + "s"


def _country_names() -> dict[str, str]:
    from django_countries import countries

    with translation.override("en"):
        names = {str(name): code for code, name in countries}
    return {
        re.sub(r"\s*\(.*?\)", "", name): code
        for name, code in names.items()
        if code not in _SKIPPED_CODES
    }


def _alias_table() -> dict[str, Alias]:
    table = {name: Alias((code,)) for name, code in _country_names().items()}
    for source in (_EXTRA_NAMES, _CAPITALS):
        for code, names in source.items():
            table.update({name: Alias((code,)) for name in names})
    for code, demonyms in _DEMONYMS.items():
        for demonym in demonyms:
            table[demonym] = Alias((code,))
            if plural := _plural(demonym):
                table[plural] = Alias((code,))
    table.update({name: Alias((code,), hint) for name, (code, hint) in _INSTITUTIONS.items()})
    table.update({name: Alias(codes) for name, codes in _JOINT.items()})
    return table


@functools.cache
def aliases() -> tuple[re.Pattern[str], dict[str, Alias]]:
    """The alias pattern (longest alias first, so "North Korea" wins over "Korea") and table."""
    table = _alias_table()
    return re.compile(rf"(?<!\w)(?:{trie_pattern(table)})(?!\w)"), table


def trie_pattern(words: Iterable[str]) -> str:
    """One regex for many literal words, as a character trie: a sentence is scanned in one
    pass instead of once per alias, and a longer alias is tried before its prefix."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(trie)


def _node_pattern(node: dict[str, dict]) -> str:
    branches = [re.escape(char) + _node_pattern(child) for char, child in node.items() if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{body})?"
    return body


def blank_non_parties(text: str) -> str:
    """`text` with place names that are not parties ("South China Sea") blanked out."""
    return _NOT_PARTIES.sub(lambda m: " " * len(m.group()), text)
