"""The COREQ checklist's 32 items (Tong, Sainsbury & Craig, 2007), as published: number, domain,
topic, item and guide question. Data only; :mod:`ipatool.analysis.coreq` fills it from a study."""

from __future__ import annotations

from ipatool.analysis.checklist import Item

_D1 = "Domain 1: Research team and reflexivity"
_D2 = "Domain 2: Study design"
_D3 = "Domain 3: Analysis and findings"

ITEMS: tuple[Item, ...] = (
    Item(
        1,
        _D1,
        "Personal characteristics",
        "Interviewer/facilitator",
        "Which author/s conducted the interview or focus group?",
    ),
    Item(
        2,
        _D1,
        "Personal characteristics",
        "Credentials",
        "What were the researcher's credentials? E.g. PhD, MD",
    ),
    Item(
        3,
        _D1,
        "Personal characteristics",
        "Occupation",
        "What was their occupation at the time of the study?",
    ),
    Item(4, _D1, "Personal characteristics", "Gender", "Was the researcher male or female?"),
    Item(
        5,
        _D1,
        "Personal characteristics",
        "Experience and training",
        "What experience or training did the researcher have?",
    ),
    Item(
        6,
        _D1,
        "Relationship with participants",
        "Relationship established",
        "Was a relationship established prior to study commencement?",
    ),
    Item(
        7,
        _D1,
        "Relationship with participants",
        "Participant knowledge of the interviewer",
        "What did the participants know about the researcher? e.g. personal goals, reasons "
        "for doing the research",
    ),
    Item(
        8,
        _D1,
        "Relationship with participants",
        "Interviewer characteristics",
        "What characteristics were reported about the interviewer/facilitator? e.g. Bias, "
        "assumptions, reasons and interests in the research topic",
    ),
    Item(
        9,
        _D2,
        "Theoretical framework",
        "Methodological orientation and Theory",
        "What methodological orientation was stated to underpin the study? e.g. grounded "
        "theory, discourse analysis, ethnography, phenomenology, content analysis",
    ),
    Item(
        10,
        _D2,
        "Participant selection",
        "Sampling",
        "How were participants selected? e.g. purposive, convenience, consecutive, snowball",
    ),
    Item(
        11,
        _D2,
        "Participant selection",
        "Method of approach",
        "How were participants approached? e.g. face-to-face, telephone, mail, email",
    ),
    Item(
        12, _D2, "Participant selection", "Sample size", "How many participants were in the study?"
    ),
    Item(
        13,
        _D2,
        "Participant selection",
        "Non-participation",
        "How many people refused to participate or dropped out? Reasons?",
    ),
    Item(
        14,
        _D2,
        "Setting",
        "Setting of data collection",
        "Where was the data collected? e.g. home, clinic, workplace",
    ),
    Item(
        15,
        _D2,
        "Setting",
        "Presence of non-participants",
        "Was anyone else present besides the participants and researchers?",
    ),
    Item(
        16,
        _D2,
        "Setting",
        "Description of sample",
        "What are the important characteristics of the sample? e.g. demographic data, date",
    ),
    Item(
        17,
        _D2,
        "Data collection",
        "Interview guide",
        "Were questions, prompts, guides provided by the authors? Was it pilot tested?",
    ),
    Item(
        18,
        _D2,
        "Data collection",
        "Repeat interviews",
        "Were repeat interviews carried out? If yes, how many?",
    ),
    Item(
        19,
        _D2,
        "Data collection",
        "Audio/visual recording",
        "Did the research use audio or visual recording to collect the data?",
    ),
    Item(
        20,
        _D2,
        "Data collection",
        "Field notes",
        "Were field notes made during and/or after the interview or focus group?",
    ),
    Item(
        21,
        _D2,
        "Data collection",
        "Duration",
        "What was the duration of the interviews or focus group?",
    ),
    Item(22, _D2, "Data collection", "Data saturation", "Was data saturation discussed?"),
    Item(
        23,
        _D2,
        "Data collection",
        "Transcripts returned",
        "Were transcripts returned to participants for comment and/or correction?",
    ),
    Item(24, _D3, "Data analysis", "Number of data coders", "How many data coders coded the data?"),
    Item(
        25,
        _D3,
        "Data analysis",
        "Description of the coding tree",
        "Did authors provide a description of the coding tree?",
    ),
    Item(
        26,
        _D3,
        "Data analysis",
        "Derivation of themes",
        "Were themes identified in advance or derived from the data?",
    ),
    Item(
        27,
        _D3,
        "Data analysis",
        "Software",
        "What software, if applicable, was used to manage the data?",
    ),
    Item(
        28,
        _D3,
        "Data analysis",
        "Participant checking",
        "Did participants provide feedback on the findings?",
    ),
    Item(
        29,
        _D3,
        "Reporting",
        "Quotations presented",
        "Were participant quotations presented to illustrate the themes/findings? Was each "
        "quotation identified? e.g. participant number",
    ),
    Item(
        30,
        _D3,
        "Reporting",
        "Data and findings consistent",
        "Was there consistency between the data presented and the findings?",
    ),
    Item(
        31,
        _D3,
        "Reporting",
        "Clarity of major themes",
        "Were major themes clearly presented in the findings?",
    ),
    Item(
        32,
        _D3,
        "Reporting",
        "Clarity of minor themes",
        "Is there a description of diverse cases or discussion of minor themes?",
    ),
)
"""The 32 items in their published order."""
