"""The SRQR checklist's 21 items (O'Brien, Harris, Beckman, Reed & Cook, 2014, Standards for
Reporting Qualitative Research), as published: number, section, item and guide text. Data only;
:mod:`ipatool.analysis.srqr` fills it from a study."""

from __future__ import annotations

from ipatool.analysis.checklist import Item

_TITLE = "Title and abstract"
_INTRO = "Introduction"
_METHODS = "Methods"
_RESULTS = "Results/findings"
_DISCUSSION = "Discussion"
_OTHER = "Other"

ITEMS: tuple[Item, ...] = (
    Item(
        1,
        _TITLE,
        "",
        "Title",
        "Concise description of the nature and topic of the study; identifying the study as "
        "qualitative or indicating the approach (e.g., ethnography, grounded theory) or data "
        "collection methods (e.g., interview, focus group) is recommended",
    ),
    Item(
        2,
        _TITLE,
        "",
        "Abstract",
        "Summary of key elements of the study using the abstract format of the intended "
        "publication; typically includes background, purpose, methods, results, and conclusions",
    ),
    Item(
        3,
        _INTRO,
        "",
        "Problem formulation",
        "Description and significance of the problem/phenomenon studied; review of relevant "
        "theory and empirical work; problem statement",
    ),
    Item(
        4,
        _INTRO,
        "",
        "Purpose or research question",
        "Purpose of the study and specific objectives or questions",
    ),
    Item(
        5,
        _METHODS,
        "",
        "Qualitative approach and research paradigm",
        "Qualitative approach (e.g., ethnography, grounded theory, case study, phenomenology, "
        "narrative research) and guiding theory if appropriate; identifying the research "
        "paradigm (e.g., postpositivist, constructivist/interpretivist) is also recommended; "
        "rationale",
    ),
    Item(
        6,
        _METHODS,
        "",
        "Researcher characteristics and reflexivity",
        "Researchers' characteristics that may influence the research, including personal "
        "attributes, qualifications/experience, relationship with participants, assumptions, "
        "and/or presuppositions; potential or actual interaction between researchers' "
        "characteristics and the research questions, approach, methods, results, and/or "
        "transferability",
    ),
    Item(7, _METHODS, "", "Context", "Setting/site and salient contextual factors; rationale"),
    Item(
        8,
        _METHODS,
        "",
        "Sampling strategy",
        "How and why research participants, documents, or events were selected; criteria for "
        "deciding when no further sampling was necessary (e.g., sampling saturation); rationale",
    ),
    Item(
        9,
        _METHODS,
        "",
        "Ethical issues pertaining to human subjects",
        "Documentation of approval by an appropriate ethics review board and participant "
        "consent, or explanation for lack thereof; other confidentiality and data security "
        "issues",
    ),
    Item(
        10,
        _METHODS,
        "",
        "Data collection methods",
        "Types of data collected; details of data collection procedures including (as "
        "appropriate) start and stop dates of data collection and analysis, iterative process, "
        "triangulation of sources/methods, and modification of procedures in response to "
        "evolving study findings; rationale",
    ),
    Item(
        11,
        _METHODS,
        "",
        "Data collection instruments and technologies",
        "Description of instruments (e.g., interview guides, questionnaires) and devices (e.g., "
        "audio recorders) used for data collection; if/how the instrument(s) changed over the "
        "course of the study",
    ),
    Item(
        12,
        _METHODS,
        "",
        "Units of study",
        "Number and relevant characteristics of participants, documents, or events included in "
        "the study; level of participation (could be reported in results)",
    ),
    Item(
        13,
        _METHODS,
        "",
        "Data processing",
        "Methods for processing data prior to and during analysis, including transcription, "
        "data entry, data management and security, verification of data integrity, data "
        "coding, and anonymization/de-identification of excerpts",
    ),
    Item(
        14,
        _METHODS,
        "",
        "Data analysis",
        "Process by which inferences, themes, etc., were identified and developed, including "
        "the researchers involved in data analysis; usually references a specific paradigm or "
        "approach; rationale",
    ),
    Item(
        15,
        _METHODS,
        "",
        "Techniques to enhance trustworthiness",
        "Techniques to enhance trustworthiness and credibility of data analysis (e.g., member "
        "checking, audit trail, triangulation); rationale",
    ),
    Item(
        16,
        _RESULTS,
        "",
        "Synthesis and interpretation",
        "Main findings (e.g., interpretations, inferences, and themes); might include "
        "development of a theory or model, or integration with prior research or theory",
    ),
    Item(
        17,
        _RESULTS,
        "",
        "Links to empirical data",
        "Evidence (e.g., quotes, field notes, text excerpts, photographs) to substantiate "
        "analytic findings",
    ),
    Item(
        18,
        _DISCUSSION,
        "",
        "Integration with prior work, implications, transferability, and contribution(s) to "
        "the field",
        "Short summary of main findings; explanation of how findings and conclusions connect "
        "to, support, elaborate on, or challenge conclusions of earlier scholarship; discussion "
        "of scope of application/generalizability; identification of unique contribution(s) "
        "to scholarship in a discipline or field",
    ),
    Item(19, _DISCUSSION, "", "Limitations", "Trustworthiness and limitations of findings"),
    Item(
        20,
        _OTHER,
        "",
        "Conflicts of interest",
        "Potential sources of influence or perceived influence on study conduct and "
        "conclusions; how these were managed",
    ),
    Item(
        21,
        _OTHER,
        "",
        "Funding",
        "Sources of funding and other support; role of funders in data collection, "
        "interpretation, and reporting",
    ),
)
"""The 21 items in their published order."""
