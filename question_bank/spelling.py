"""British spellings the bank must not use, with the US spelling to write instead.

The CIIP exam is written in US English, and the standards it rests on (DICOM, HL7, IHE, FHIR,
45 CFR, AAPM) are too; a question that says "colour" or "organisation" reads as foreign to a
candidate and mixes two spellings in one bank. The list is explicit (whole words, plus common
prefixes such as un-/re-/mis-), not a pattern over endings, because "-ise" patterns also hit good
US words (advise, exercise, enterprise, premise, compromise).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["BRITISH_TO_US", "british_spellings"]

# -ise / -isation verbs: British stem -> US stem, expanded with the usual endings below.
_ISE_STEM_TEXT = (
    "anonymis apologis authoris capitalis categoris centralis characteris computeris "
    "containeris criticis customis decentralis digitis emphasis familiaris finalis "
    "generalis globalis harmonis hospitalis initialis itemis legalis localis maximis "
    "memoris minimis mobilis modernis monetis neutralis normalis operationalis optimis "
    "organis parameteris penalis personalis prioritis pseudonymis randomis rationalis "
    "realis recognis sanitis scrutinis serialis socialis specialis stabilis standardis "
    "summaris symbolis synchronis tokenis utilis virtualis visualis"
)
_ISE_STEMS: dict[str, str] = {s: s[:-2] + "iz" for s in _ISE_STEM_TEXT.split()}
_ISE_ENDINGS: dict[str, str] = {
    "e": "e",
    "es": "es",
    "ed": "ed",
    "ing": "ing",
    "ation": "ation",
    "ations": "ations",
    "er": "er",
    "ers": "ers",
}

# Other British forms, whole words.
_WORDS: dict[str, str] = {
    # -our
    "behaviour": "behavior", "behaviours": "behaviors", "behavioural": "behavioral",
    "colour": "color", "colours": "colors", "coloured": "colored", "colouring": "coloring",
    "favour": "favor", "favours": "favors", "favoured": "favored", "favourable": "favorable",
    "favourite": "favorite", "honour": "honor", "honoured": "honored", "labour": "labor",
    "neighbour": "neighbor", "neighbouring": "neighboring", "rumour": "rumor",
    "humour": "humor", "harbour": "harbor", "endeavour": "endeavor", "vapour": "vapor",
    "tumour": "tumor", "tumours": "tumors", "odour": "odor", "flavour": "flavor",
    # -re
    "centre": "center", "centres": "centers", "centred": "centered", "centring": "centering",
    "metre": "meter", "metres": "meters", "millimetre": "millimeter",
    "millimetres": "millimeters", "centimetre": "centimeter", "centimetres": "centimeters",
    "litre": "liter", "litres": "liters", "fibre": "fiber", "fibres": "fibers",
    "theatre": "theater", "theatres": "theaters", "calibre": "caliber", "spectre": "specter",
    # -yse
    "analyse": "analyze", "analysed": "analyzed", "analysing": "analyzing",
    "analyser": "analyzer", "paralyse": "paralyze", "catalyse": "catalyze",
    # -ence nouns / -ise verbs with US -ense / -ice
    "licence": "license", "licences": "licenses", "defence": "defense", "offence": "offense",
    "pretence": "pretense", "practise": "practice", "practised": "practiced",
    "practises": "practices", "practising": "practicing",
    # -ogue
    "catalogue": "catalog", "catalogues": "catalogs", "catalogued": "cataloged",
    "analogue": "analog", "analogues": "analogs",
    # programme
    "programme": "program", "programmes": "programs",
    # doubled l
    "cancelled": "canceled", "cancelling": "canceling", "labelled": "labeled",
    "labelling": "labeling", "modelled": "modeled", "modelling": "modeling",
    "signalled": "signaled", "signalling": "signaling", "travelled": "traveled",
    "travelling": "traveling", "totalled": "totaled", "levelled": "leveled",
    "channelled": "channeled", "counselling": "counseling", "fuelled": "fueled",
    "enrolment": "enrollment", "enrolments": "enrollments", "fulfil": "fulfill",
    "fulfils": "fulfills", "fulfilment": "fulfillment", "instalment": "installment",
    "skilful": "skillful", "wilful": "willful",
    # ae / oe (medicine)
    "haematoma": "hematoma", "haemorrhage": "hemorrhage", "haemoglobin": "hemoglobin",
    "haematology": "hematology", "haemodynamic": "hemodynamic", "haemodialysis": "hemodialysis",
    "anaemia": "anemia", "leukaemia": "leukemia", "ischaemia": "ischemia",
    "ischaemic": "ischemic", "anaesthesia": "anesthesia", "anaesthetic": "anesthetic",
    "anaesthetist": "anesthesiologist", "paediatric": "pediatric", "paediatrics": "pediatrics",
    "paediatrician": "pediatrician", "orthopaedic": "orthopedic",
    "orthopaedics": "orthopedics", "orthopaedists": "orthopedists",
    "orthopaedist": "orthopedist", "gynaecology": "gynecology",
    "gynaecological": "gynecological", "oedema": "edema", "oesophagus": "esophagus",
    "oesophageal": "esophageal", "foetal": "fetal", "foetus": "fetus",
    "caesarean": "cesarean", "oestrogen": "estrogen", "diarrhoea": "diarrhea",
    "haemorrhagic": "hemorrhagic", "encyclopaedia": "encyclopedia", "manoeuvre": "maneuver",
    # single words
    "grey": "gray", "greyscale": "grayscale", "grey-scale": "grayscale",
    "artefact": "artifact", "artefacts": "artifacts", "ageing": "aging",
    "judgement": "judgment", "acknowledgement": "acknowledgment", "cheque": "check",
    "tyre": "tire", "aluminium": "aluminum", "whilst": "while", "enquiry": "inquiry",
    "enquiries": "inquiries", "sceptical": "skeptical", "storey": "story",
    "mould": "mold", "plough": "plow", "draught": "draft", "kerb": "curb",
    "learnt": "learned", "spelt": "spelled", "speciality": "specialty",
    "specialities": "specialties", "per cent": "percent",
}

BRITISH_TO_US: dict[str, str] = dict(_WORDS)
for _stem, _us in _ISE_STEMS.items():
    for _ending in _ISE_ENDINGS:
        BRITISH_TO_US[_stem + _ending] = _us + _ending
# "emphasis" + "e" is fine, but the bare noun "emphasis" must stay allowed: it is never generated.

_PREFIXES = ("un", "re", "mis", "non", "pre", "de", "over", "under", "self-", "non-", "re-")
_WORD_RE = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)?")
_PHRASES = {k: v for k, v in BRITISH_TO_US.items() if " " in k}
_PHRASE_RE = re.compile(
    r"\b(" + "|".join(re.escape(p) for p in _PHRASES) + r")\b", re.IGNORECASE
)


def _lookup(word: str) -> str | None:
    lower = word.lower()
    if lower in BRITISH_TO_US:
        return BRITISH_TO_US[lower]
    for prefix in _PREFIXES:
        rest = lower.removeprefix(prefix)
        if rest != lower and rest in BRITISH_TO_US:
            return prefix + BRITISH_TO_US[rest]
    return None


def british_spellings(texts: Iterable[str]) -> list[tuple[str, str]]:
    """Every British form in `texts` (whole words), as (found, US spelling), first seen first."""
    found: dict[str, str] = {}
    for text in texts:
        for match in _WORD_RE.finditer(text):
            token = match.group(0)
            parts = [token] if _lookup(token) else token.split("-")
            for part in parts:
                us = _lookup(part)
                if us and part.lower() not in found:
                    found[part.lower()] = us
        for match in _PHRASE_RE.finditer(text):
            found.setdefault(match.group(0).lower(), _PHRASES[match.group(0).lower()])
    return list(found.items())
