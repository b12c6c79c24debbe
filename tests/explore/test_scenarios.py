"""The team's own scenario suite for ``netcli explore``, run against the shipped knowledge base.

Each scenario is one person's situation: the answers they give, the options that must appear, the
options that must not appear (left out or listed as excluded), and, for each of those expectations,
the sentence of the saved source pages behind it ("001: '...'" names the file in
/work/shared/sources whose name starts with 001). The expectations come from the pages, not from
what the knowledge base happens to do: when a scenario fails, either the rules or the scenario is
wrong, and the quotation says which page to read. Where the pages say nothing, nothing is asserted.

Page ids: 000 Cancer Research UK, stomach NETs that have spread; 001 Cancer Research UK, treatment
options for neuroendocrine cancer; 002 Canadian Cancer Society, small intestine; 003 American Cancer
Society, surgery for GI NETs; 004 Cancer Research UK, what are neuroendocrine cancers.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from netcli import lookup
from netcli.errors import UsageError
from netcli.explore import answers, engine, summary
from netcli.explore.result import assemble
from netcli.knowledge import default_kb_path
from netcli.knowledge import model as m
from netcli.knowledge.load import open_kb

# -----------------------------------------------------------------------------------------------
# The sentences the expectations rest on, quoted from the saved pages. "..." joins parts of one
# passage (for example a sentence and the list items under it); each part is checked against the
# page by test_quotations_are_on_the_pages.

# 000: stomach NETs that have spread
STOMACH_DEBULK = (
    "000: 'You might have surgery to remove the stomach NET if it has spread to another part of the"
    " body, such as the liver or lymph nodes.'"
)
STOMACH_LIVER_SURGERY = "000: 'You might have surgery to your liver if your NET has spread there.'"
STOMACH_EMBOLISATION = (
    "000: 'You are likely to have hepatic artery embolisation if you can't have surgery.'"
)
STOMACH_CHEMO = (
    "000: 'You might have chemotherapy if you have symptoms. Or if somatostatin analogue treatment"
    " isn't controlling the NET well.'"
)
STOMACH_EVEROLIMUS = (
    "000: 'You might have everolimus if you have a stomach NET that has spread and other treatments"
    " aren't working.'"
)
STOMACH_PRRT = (
    "000: 'You might have PRRT if the stomach NET has spread to other parts of the body and you"
    " can't have surgery.'"
)
STOMACH_TRIAL = (
    "000: 'As part of your treatment your doctor might ask you to take part in a clinical trial.'"
)

# 001: treatment options for neuroendocrine cancer
NET_MAIN_SURGERY = "001: 'The main treatment for neuroendocrine tumours (NETs) is surgery.'"
NEC_SURGERY = (
    "001: 'You might also have surgery for neuroendocrine carcinoma (NEC) if your cancer hasn't"
    " spread.'"
)
OPERATION_ANYWAY = (
    "001: 'You might have an operation even if the surgeon can't completely remove the cancer."
    " Removing part of the cancer can sometimes reduce your symptoms.'"
)
URGENT = (
    "001: 'Surgery to remove the cancer can help with symptoms. But you might need other treatment"
    " straight away to help you feel better.'"
)
URGENT_DRIP = (
    "001: 'But you might need other treatment straight away ... fluid through a drip if you have"
    " had a lot of diarrhoea'"
)
URGENT_FEEDING = (
    "001: 'But you might need other treatment straight away ... drip or tube feeding if you have"
    " lost lots of weight'"
)
OTHER_IF_NO_SURGERY = (
    "001: 'You might have other treatments if: ... you can't have surgery to remove the NET'"
)
OTHER_IF_SPREAD = (
    "001: 'You might have other treatments if: ... the NET has spread to another part of the body'"
)
OTHER_IF_BACK = (
    "001: 'You might have other treatments if: ... the NET comes back after initial treatment'"
)
OTHER_NOT_NEEDED = (
    "001: 'You might have other treatments if: ... you can't have surgery to remove the NET ..."
    " the NET has spread to another part of the body ... the NET comes back after initial"
    " treatment'"
)
TARGETED_FOR_NETS = (
    "001: 'You might have other treatments if: ... Common targeted cancer drugs for NETs include:'"
)
SSA_SYMPTOMS = (
    "001: 'Somatostatin analogues are a possible treatment for people with these symptoms. They"
    " help to control symptoms such as diarrhoea and flushing of the skin.'"
)
SSA_PICKS_UP = "001: 'You might have somatostatin analogues if your NET picks up somatostatin.'"
SSA_NEGATIVE = (
    "001: 'Some NETs don't pick up somatostatin. So if the NET doesn't pick it up it means this"
    " treatment won't work.'"
)
SSA_SCAN_DECIDES = (
    "001: 'You might have somatostatin analogues if your NET picks up somatostatin. Doctors can"
    " check for this using special scans.'"
)
PRRT_CONDITIONS = (
    "001: 'These can check whether your NET has these somatostatin receptors. If it does, your"
    " doctors might offer you this treatment for a NET that: ... started in your digestive system"
    " or pancreas ... has spread or cannot be removed with surgery ... is grade 1 or grade 2'"
)
PRRT_RECEPTORS = (
    "001: 'These can check whether your NET has these somatostatin receptors. If it does, your"
    " doctors might offer you this treatment'"
)
PRRT_GRADE = (
    "001: 'If it does, your doctors might offer you this treatment for a NET that: ... is grade 1"
    " or grade 2'"
)
PRRT_DIGESTIVE = (
    "001: 'If it does, your doctors might offer you this treatment for a NET that: ... started in"
    " your digestive system or pancreas'"
)
CHEMO_SPREAD = (
    "001: 'You may have chemotherapy if cancer has spread to your liver or to other parts of your"
    " body.'"
)
LIVER_OPTIONS = (
    "001: 'The following treatments might be options if your NET has spread to your liver:'"
)
LIVER_SURGERY = "001: 'The surgeon might be able to remove cancer in your liver.'"
RFA = (
    "001: 'You might have this if your cancer is in your liver and you can't have surgery to remove"
    " it.'"
)
TAE = "001: 'Trans arterial embolisation aims to block the blood supply to cancer in the liver.'"
TACE = (
    "001: 'Doctors might give a chemotherapy drug directly into the liver. You have this at the"
    " same time as blocking the blood vessel. This is called chemoembolisation or trans arterial"
    " chemoembolisation (TACE).'"
)
SIRT = (
    "001: 'Selective internal radiation therapy (SIRT) is a way of giving radiotherapy treatment"
    " for cancer in the liver.'"
)
TRANSPLANT = (
    "001: 'A liver transplant is an operation to remove your liver and replace it with a healthy"
    " one from a donor. It is a big operation'"
)
NEC_DIFFERENT = (
    "001: 'We have information about treating neuroendocrine carcinoma (NEC) further down this"
    " page. ... NECs are all high grade. ... The treatment you need is different.'"
)
NEC_HIGH_GRADE = (
    "001: 'NECs are all high grade. ... is grade 1 or grade 2 - this means the NET is slow or"
    " moderately fast growing'"
)
NEC_SURGERY_IF_NOT_SPREAD = "001: 'You might have surgery if your cancer hasn't spread.'"
NEC_CHEMO = (
    "001: 'You usually also have chemotherapy treatment as well as surgery. ... You have"
    " chemotherapy on its own.'"
)
NEC_CHEMO_ALONE = "001: 'You have chemotherapy on its own.'"
NEC_CHEMORADIO = (
    "001: 'For some NEC's, you might have it with radiotherapy. This is called chemoradiotherapy.'"
)
TRIAL = "001: 'Your doctor might ask if you'd like to take part in a clinical trial.'"
GENERAL_OVERVIEW = (
    "001: 'On this page we provide a general overview of treatments for all types of neuroendocrine"
    " cancer.'"
)

# 002: neuroendocrine tumours of the small intestine
SMALL_BOWEL_SURGERY = (
    "002: 'Surgery is the primary treatment for neuroendocrine tumours of the small intestine and"
    " offers the best outcome.'"
)
SUPPORTIVE_OCTREOTIDE = (
    "002: 'Doctors may offer supportive therapies to people with symptoms of carcinoid syndrome,"
    " such as diarrhea, flushing of the skin and abdominal cramping. This therapy often includes a"
    " drug called octreotide (Sandostatin).'"
)
INTERFERON = (
    "002: 'Doctors may sometimes offer interferon alfa (Intron A, Wellferon), a biological therapy,"
    " for metastatic neuroendocrine tumours.'"
)
CHEMO_NOT_FIRST_LINE = (
    "002: 'Neuroendocrine tumours are not very sensitive to chemotherapy, so it is not usually part"
    " of first-line therapy. Chemotherapy is mainly used to treat some neuroendocrine tumours of"
    " the small intestine that are at an advanced stage or metastatic.'"
)
REGIONAL_CHEMO = (
    "002: 'Chemoembolization and hepatic artery infusion are regional chemotherapies that may be"
    " used for neuroendocrine tumours that have spread to the liver.'"
)
RADIATION = (
    "002: 'Radiation therapy may be offered for some metastatic neuroendocrine tumours of the small"
    " intestine.'"
)
SMALL_BOWEL_TRIAL = (
    "002: 'People with small intestine cancer may be offered the opportunity to participate in"
    " clinical trials.'"
)

# 003: surgery for gastrointestinal NETs
CURATIVE = (
    "003: 'Potentially curative surgery is used when the results of exams and tests suggest that"
    " it's possible to remove (resect) all the cancer.'"
)
PALLIATIVE = (
    "003: 'Palliative surgery may be done if imaging tests show that the cancer is too widespread"
    " to be removed completely.'"
)
ENDOSCOPIC = (
    "003: 'This is most often used to treat small neuroendocrine tumors of the stomach and duodenum"
    " (the first part of the small intestine), and it also can be used to remove small"
    " neuroendocrine tumors of the rectum.'"
)
ENDOSCOPIC_IS_AN_OPERATION = (
    "003: 'Several types of operations can be used to treat GI neuroendocrine tumors. ... In this"
    " procedure, the cancer is removed through an endoscope.'"
)
TRANSANAL_IS_AN_OPERATION = (
    "003: 'Several types of operations can be used to treat GI neuroendocrine tumors. ... Rectal"
    " neuroendocrine tumors may be removed through the anus, without cutting the skin.'"
)
LOCAL_EXCISION = (
    "003: 'This operation may be done for small neuroendocrine tumors (no larger than 2 cm, or a"
    " little less than an inch).'"
)
APPENDIX_SMALL = (
    "003: 'Most doctors believe that if the tumor is small — 2 cm or less — removing the appendix"
    " (appendectomy) is curative and no other surgery is needed.'"
)
APPENDIX_LARGE = "003: 'If the tumor is larger than 2 cm, more surgery may be needed.'"
TRANSANAL = (
    "003: 'Rectal neuroendocrine tumors may be removed through the anus, without cutting the skin.'"
)
LARGER_TUMOUR = (
    "003: 'A larger incision (cut) is needed to remove a larger tumor and nearby tissues.'"
)
GASTRECTOMY = (
    "003: 'A larger incision (cut) is needed to remove a larger tumor and nearby tissues. ..."
    " Partial gastrectomy: In this operation, part of the stomach is removed.'"
)
SMALL_BOWEL_RESECTION = (
    "003: 'When it is used to treat a small bowel neuroendocrine tumor, the tumor and some of the"
    " small bowel around it (called a wide margin resection) are removed.'"
)
WHIPPLE_DUODENUM = (
    "003: 'This operation is most often used to treat pancreatic cancer, but it is also used to"
    " treat cancers of the duodenum (the first part of the small intestine).'"
)
WHIPPLE_PANCREAS = (
    "003: 'Pancreaticoduodenectomy or Whipple procedure: This operation is most often used to treat"
    " pancreatic cancer'"
)
HEMICOLECTOMY = (
    "003: 'Hemicolectomy: This operation removes between one-third and one-half of the colon'"
)
LAR = (
    "003: 'Low anterior resection (LAR): This operation can be used for some tumors in the upper"
    " part of the rectum.'"
)
AP = (
    "003: 'Abdominoperineal (AP) resection: This surgery is done for large or very invasive cancers"
    " in the lower part of the rectum.'"
)
RECTUM_ONLY = (
    "003: 'Rectal neuroendocrine tumors may be removed through the anus ... Low anterior resection"
    " (LAR): This operation can be used for some tumors in the upper part of the rectum. ..."
    " Abdominoperineal (AP) resection: This surgery is done for large or very invasive cancers in"
    " the lower part of the rectum.'"
)

# 004: what are neuroendocrine cancers
LUNG = (
    "004: 'Lung NETs are rare cancers that start in the neuroendocrine cells of the lung.' 001: 'On"
    " this page we provide a general overview of treatments for all types of neuroendocrine"
    " cancer.'"
)
MERKEL = (
    "004: 'MCC is a rare type of skin cancer that starts in Merkel cells. Its is also called a type"
    " of neuroendocrine tumour (NET).'"
)

# The options the pages describe for NETs that could otherwise be shown for Merkel cell carcinoma.
NET_OPTIONS_SKIN = (
    "surgery",
    "debulking-surgery",
    "liver-resection",
    "rfa",
    "tae",
    "tace",
    "sirt",
    "somatostatin-analogues",
    "chemotherapy-net",
    "targeted-drugs",
    "urgent-symptom-control",
)
LIVER_ONLY = ("liver-resection", "liver-transplant", "rfa", "tae", "tace", "sirt")
NO_LIVER_SPREAD = (
    "001: 'Treatment options for neuroendocrine tumour (NET) that has spread to your liver ... The"
    " following treatments might be options if your NET has spread to your liver:'"
)
ALL_SURGERY = (
    "surgery",
    "curative-surgery",
    "debulking-surgery",
    "local-excision",
    "partial-gastrectomy",
    "small-bowel-resection",
    "hemicolectomy",
    "whipple",
    "lar",
    "ap-resection",
    "liver-resection",
    "liver-transplant",
)
CANT_HAVE_SURGERY = (
    "001: 'You might have other treatments if: ... you can't have surgery to remove the NET'"
)

# Added for the rule model (issue 11).
PALLIATIVE_NOT_CURE = (
    "003: 'Palliative surgery may be done if imaging tests show that the cancer is too widespread"
    " to be removed completely. ... The goal is not to try to cure the cancer. This may also be"
    " called debulking surgery.'"
)
CURATIVE_OPERATIONS = (
    "003: 'Potentially curative surgery is used when the results of exams and tests suggest that"
    " it's possible to remove (resect) all the cancer. ... Some of these remove the primary tumor"
    " and surrounding lymph nodes with cancer cells (potentially curative surgery)'"
)
APPENDIX_FOUND = (
    "003: 'When the appendix is removed (for some other reason), and examined after surgery,"
    " sometimes a neuroendocrine tumor is found.'"
)
NOT_STARTING = (
    "001: 'You might not start treatment straight away if you are well. This depends on your"
    " symptoms, and the results of your blood tests and scans.'"
)
URGENT_ALL = (
    "001: 'But you might need other treatment straight away to help you feel better. ... This"
    " might include: ... somatostatin inhibitors ... vitamin or mineral supplements'"
)
TRANSPLANT_FEW = (
    "001: 'It is a big operation and is only suitable for a very small number of people. You"
    " doctor will let you know if this kind of operation is possible for you.'"
)
TACE_LESS_COMMON = "001: 'This is a less common treatment for people with a neuroendocrine cancer.'"
OTHER_GI_ENDOSCOPE = (
    "003: 'Other GI neuroendocrine tumors can sometimes be removed through an endoscope but"
    " usually it is done through an incision (cut) in the skin.'"
)
TERMINAL_ILEUM = (
    "003: 'Tumors in the terminal ileum (the last part of the small bowel) may require removing"
    " the right side of the colon (hemicolectomy).'"
)
STOMACH_SSA = (
    "000: 'Doctors call this collection of symptoms carcinoid syndrome. ... Reducing these"
    " hormones helps to control the diarrhoea and skin flushing.'"
)
DEPENDS_ON_SIZE = (
    "004: 'Treatment depends on the type of neuroendocrine cancer you have, where it is, its size"
    " and whether it has spread (the stage).'"
)
LIVER_NOT_ALWAYS = (
    "001: 'The surgeon might be able to remove cancer in your liver. But this isn't always"
    " possible.'"
)
SMALL_TUMOURS = (
    "003: 'This operation may be done for small neuroendocrine tumors (no larger than 2 cm, or a"
    " little less than an inch).' 003: 'This is most often used to treat small neuroendocrine"
    " tumors of the stomach and duodenum'"
)
APPENDIX_DONE = (
    "003: 'When the appendix is removed (for some other reason), and examined after surgery,"
    " sometimes a neuroendocrine tumor is found. ... If the tumor is larger than 2 cm, more"
    " surgery may be needed.'"
)
GRADE_UNKNOWN_PRRT = (
    "001: 'If it does, your doctors might offer you this treatment for a NET that: ... is grade 1"
    " or grade 2'"
)
NEC_NO_NET_OPTIONS = (
    "001: 'Other treatment options for neuroendocrine tumours (NETs) ... We have information about"
    " treating neuroendocrine carcinoma (NEC) further down this page.'"
)
# Added for the content fixes after the audit (A8, A9 and the session's notes).
TYPE_DECIDES = (
    "001: 'Your treatment depends on what type of neuroendocrine cancer you have.' 004: 'MCC is a"
    " rare type of skin cancer that starts in Merkel cells. Its is also called a type of"
    " neuroendocrine tumour (NET).'"
)
WHIPPLE_RISK = (
    "003: 'This is a complex operation that requires a lot of skill and experience. It carries a"
    " relatively high risk of complications that could even be fatal.'"
)
NEC_DEBULKING = (
    "001: 'You might have an operation even if the surgeon can't completely remove the cancer. ..."
    " They sometimes call this debulking surgery. ... You might have surgery if your cancer hasn't"
    " spread.'"
)
READY_FOR_SURGERY = (
    "001: 'Surgery to remove the cancer can help with symptoms. But you might need other treatment"
    " straight away to help you feel better. And to make sure you are well enough for surgery.'"
)
STOMACH_QUALITY_OF_LIFE = (
    "000: 'You might have surgery to remove the stomach NET if it has spread to another part of the"
    " body, such as the liver or lymph nodes. The aim of surgery might not be to cure your cancer,"
    " but to give you a good quality of life for as long as possible.'"
)
APPENDIX_ONLY = (
    "003: 'This often happens with neuroendocrine tumors of the appendix. ... Most doctors believe"
    " that if the tumor is small — 2 cm or less — removing the appendix (appendectomy) is curative"
    " and no other surgery is needed.'"
)
BACK_AFTER_TREATMENT = (
    "001: 'You might have other treatments if: ... the NET comes back after initial treatment'"
)

NEC_OTHER_NOT_NET = (
    "001: 'Neuroendocrine Carcinomas (NECs) are different to neuroendocrine tumours (NETs). ..."
    " The treatment you need is different.'"
)


# Added for a person's history (issue 21): what was done, how it went, whether it came back.
REMOVED_THEN_OTHERS = (
    "003: 'Some of these remove the primary tumor and surrounding lymph nodes with cancer cells"
    " (potentially curative surgery)' 001: 'You might have other treatments if: ... the NET comes"
    " back after initial treatment'"
)
NO_FOLLOW_UP = (
    "001: 'Surgery might be the only treatment you need. Or you might have it combined with other"
    " types of treatment.'"
)
SSA_NOT_CONTROLLING_CHEMO = (
    "000: 'You might have chemotherapy if you have symptoms. Or if somatostatin analogue treatment"
    " isn't controlling the NET well.'"
)
NEC_ADJUVANT = (
    "001: 'You usually also have chemotherapy treatment as well as surgery. You might have this:"
    " ... after surgery (adjuvant chemotherapy)'"
)


# Added for the content the audit found (issue 21).
SOME_NECS_RADIO = (
    "001: 'You have chemotherapy on its own. For some NEC's, you might have it with radiotherapy."
    " This is called chemoradiotherapy.'"
)
OTHER_TREATMENTS_AIM = (
    "001: 'These treatments can control your symptoms and help you feel better but won't get rid"
    " of the NET.'"
)
CHEMO_DESTROYS = "001: 'Chemotherapy uses anti cancer (cytotoxic) drugs to destroy cancer cells.'"
ENDOSCOPE_SMALL = (
    "003: 'This is most often used to treat small neuroendocrine tumors of the stomach and duodenum"
    " (the first part of the small intestine), and it also can be used to remove small"
    " neuroendocrine tumors of the rectum.'"
)
LARGER_OPERATION = (
    "003: 'A larger incision (cut) is needed to remove a larger tumor and nearby tissues.' 003:"
    " 'This operation may be done for small neuroendocrine tumors (no larger than 2 cm, or a little"
    " less than an inch).'"
)
STOMACH_NOT_CURE = (
    "000: 'The aim of surgery might not be to cure your cancer, but to give you a good quality of"
    " life for as long as possible.' 003: 'Some of these remove the primary tumor and surrounding"
    " lymph nodes with cancer cells (potentially curative surgery)'"
)
MERKEL_NET = (
    "004: 'MCC is a rare type of skin cancer that starts in Merkel cells. Its is also called a type"
    " of neuroendocrine tumour (NET).' 001: 'Neuroendocrine Carcinomas (NECs) are different to"
    " neuroendocrine tumours (NETs).'"
)
GI_ONLY = (
    "003: 'The two surgical approaches used for gastrointestinal (GI) neuroendocrine tumors (NETs)"
    " are:' 001: 'You might have an operation even if the surgeon can't completely remove the"
    " cancer.'"
)


# Added for what remained of issue 21: the history answers left unanswered, aims, questions.
NET_HORMONE_SURGERY = (
    "001: 'You might have symptoms if you have a NET that is producing too many hormones. Surgery"
    " to remove the cancer can help with symptoms.'"
)
PLANNED_BY = (
    "001: 'If you need treatment, your team plans it depending on: ... how fast it is growing (the"
    " grade) ... how far the cancer has spread (the stage)'"
)
NEC_SURGERY_IF_NOT_SPREAD_CHEMO = (
    "001: 'You might have surgery if your cancer hasn't spread. You usually also have chemotherapy"
    " treatment as well as surgery. You might have this: ... before surgery (neoadjuvant"
    " chemotherapy) ... after surgery (adjuvant chemotherapy)'"
)


# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scenario:
    name: str
    answers: dict[str, list[str]]
    must: tuple[str, ...] = ()  # treatment ids that must be among the options
    must_not: tuple[str, ...] = ()  # treatment ids that must not be (excluded, or not listed)
    not_matching: tuple[str, ...] = ()  # ids that may be shown, but never as a plain match
    # id -> "matches", "depends" or "sources-differ" (shown with each page's word)
    fit: dict[str, str] = field(default_factory=dict)
    parts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # id -> its parts that apply
    open_on: dict[str, str] = field(default_factory=dict)  # id -> a key its option depends on
    why_mentions: dict[str, str] = field(default_factory=dict)  # id -> words its reasons include
    notes_for: tuple[str, ...] = ()  # site ids whose coverage note must be among the notes
    # "treatment/part" -> the fit that part must show ("matches", "depends", "sources-differ")
    part_fit: dict[str, str] = field(default_factory=dict)
    # id -> words the aims shown for it must (aims_have) or must not (aims_lack) include
    aims_have: dict[str, str] = field(default_factory=dict)
    aims_lack: dict[str, str] = field(default_factory=dict)
    # id -> words of a question only the team can answer that the option must wait on
    team_asks: dict[str, str] = field(default_factory=dict)
    not_asked: tuple[str, ...] = ()  # answer keys the questionnaire must not ask here
    never_open_on: tuple[str, ...] = ()  # answer keys no option may depend on
    asks: tuple[str, ...] = ()  # ids of questions to ask the team that the summary must list
    asks_not: tuple[str, ...] = ()  # ... and that it must not list
    because: dict[str, str] = field(default_factory=dict)  # expectation id -> quotation(s)
    # id -> words that what the pages say follows it (an option had already) must include
    follows: dict[str, str] = field(default_factory=dict)
    # words that the first screen's "what follows what you have had" must include
    first_screen: tuple[str, ...] = ()


def s(name: str, answers: dict[str, list[str] | str], **kw: object) -> Scenario:
    """A scenario; single answers may be given as a plain string."""
    given = {k: [v] if isinstance(v, str) else v for k, v in answers.items()}
    return Scenario(name, given, **kw)  # type: ignore[arg-type]


SCENARIOS = [
    # ---- Stomach -----------------------------------------------------------------------------
    s(
        "stomach-small-localised",
        {
            "kind": "net",
            "site": "stomach",
            "grade": "1",
            "spread": "none",
            "size": "up-to-2cm",
            "resectable": "yes",
            "fit_for_surgery": "yes",
            "hormone_symptoms": "no",
            "came_back": "no",
            "previous": "none",
        },
        must=("surgery", "curative-surgery", "endoscopic-resection", "local-excision"),
        must_not=(
            "debulking-surgery",
            *LIVER_ONLY,
            "somatostatin-analogues",
            "chemotherapy-net",
            "targeted-drugs",
            "prrt",
            "chemotherapy-nec",
        ),
        because={
            "surgery": NET_MAIN_SURGERY,
            "curative-surgery": CURATIVE,
            "endoscopic-resection": ENDOSCOPIC,
            "local-excision": LOCAL_EXCISION,
            "debulking-surgery": PALLIATIVE,
            **dict.fromkeys(LIVER_ONLY, NO_LIVER_SPREAD),
            "somatostatin-analogues": OTHER_NOT_NEEDED + " " + SSA_SYMPTOMS,
            "chemotherapy-net": OTHER_NOT_NEEDED + " " + CHEMO_SPREAD,
            "targeted-drugs": OTHER_NOT_NEEDED,
            "prrt": PRRT_CONDITIONS,
            "chemotherapy-nec": NEC_DIFFERENT,
        },
    ),
    s(
        "stomach-large-localised",
        {
            "kind": "net",
            "site": "stomach",
            "spread": "none",
            "size": "over-2cm",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        must=("surgery", "curative-surgery", "partial-gastrectomy"),
        must_not=("local-excision", "debulking-surgery"),
        because={
            "surgery": NET_MAIN_SURGERY,
            "curative-surgery": CURATIVE,
            "partial-gastrectomy": GASTRECTOMY,
            "local-excision": LOCAL_EXCISION,
            "debulking-surgery": PALLIATIVE,
        },
    ),
    s(
        "stomach-spread-liver-fit",
        {
            "kind": "net",
            "site": "stomach",
            "grade": "2",
            "spread": "liver",
            "sstr": "positive",
            "fit_for_surgery": "yes",
        },
        must=(
            "debulking-surgery",
            "liver-resection",
            "tae",
            "tace",
            "sirt",
            "somatostatin-analogues",
            "chemotherapy-net",
            "targeted-drugs",
            "prrt",
            "clinical-trials",
        ),
        fit={"prrt": "matches"},
        because={
            "debulking-surgery": STOMACH_DEBULK,
            "liver-resection": STOMACH_LIVER_SURGERY + " " + LIVER_SURGERY,
            "tae": LIVER_OPTIONS + " " + TAE,
            "tace": LIVER_OPTIONS + " " + TACE,
            "sirt": LIVER_OPTIONS + " " + SIRT,
            "somatostatin-analogues": OTHER_IF_SPREAD + " " + SSA_PICKS_UP,
            "chemotherapy-net": CHEMO_SPREAD,
            "targeted-drugs": OTHER_IF_SPREAD + " " + TARGETED_FOR_NETS,
            "prrt": PRRT_CONDITIONS,
            "clinical-trials": STOMACH_TRIAL,
        },
    ),
    s(
        "stomach-spread-unfit",
        {
            "kind": "net",
            "site": "stomach",
            "grade": "2",
            "spread": ["lymph-nodes", "liver"],
            "sstr": "positive",
            "fit_for_surgery": "no",
        },
        must=("prrt", "tae", "tace", "sirt", "rfa", "chemotherapy-net", "targeted-drugs"),
        must_not=ALL_SURGERY,
        because={
            "prrt": STOMACH_PRRT + " " + PRRT_CONDITIONS,
            "tae": STOMACH_EMBOLISATION,
            "tace": LIVER_OPTIONS + " " + TACE,
            "sirt": LIVER_OPTIONS + " " + SIRT,
            "rfa": RFA,
            "chemotherapy-net": CHEMO_SPREAD,
            "targeted-drugs": CANT_HAVE_SURGERY,
            **dict.fromkeys(ALL_SURGERY, CANT_HAVE_SURGERY),
            "liver-resection": RFA,
            "liver-transplant": TRANSPLANT + " " + CANT_HAVE_SURGERY,
        },
    ),
    s(
        "stomach-spread-ssa-not-controlling",
        {
            "kind": "net",
            "site": "stomach",
            "spread": "liver",
            "hormone_symptoms": "no",
            "previous": "ssa-not-controlling",
        },
        must=("chemotherapy-net",),
        because={"chemotherapy-net": STOMACH_CHEMO},
    ),
    s(
        "stomach-spread-lymph-nodes-other-treatments-not-working",
        {
            "kind": "net",
            "site": "stomach",
            "spread": "lymph-nodes",
            "fit_for_surgery": "yes",
            "previous": "other-treatments-not-working",
        },
        must=("targeted-drugs", "debulking-surgery", "chemotherapy-net"),
        must_not=LIVER_ONLY,
        because={
            "targeted-drugs": STOMACH_EVEROLIMUS,
            "debulking-surgery": STOMACH_DEBULK,
            "chemotherapy-net": STOMACH_DEBULK + " " + CHEMO_SPREAD,
            **dict.fromkeys(LIVER_ONLY, NO_LIVER_SPREAD),
        },
    ),
    s(
        "stomach-spread-with-symptoms",
        {
            "kind": "net",
            "site": "stomach",
            "spread": "elsewhere",
            "hormone_symptoms": "yes",
            "sstr": "positive",
        },
        must=("chemotherapy-net", "somatostatin-analogues", "urgent-symptom-control"),
        must_not=LIVER_ONLY,
        because={
            "chemotherapy-net": STOMACH_CHEMO,
            "somatostatin-analogues": SSA_SYMPTOMS,
            "urgent-symptom-control": URGENT,
            **dict.fromkeys(LIVER_ONLY, NO_LIVER_SPREAD),
        },
    ),
    s(
        "stomach-spread-unfit-receptor-negative",
        {
            "kind": "net",
            "site": "stomach",
            "grade": "2",
            "spread": "liver",
            "sstr": "negative",
            "fit_for_surgery": "no",
        },
        must=("tae", "rfa", "targeted-drugs"),
        not_matching=("somatostatin-analogues",),
        fit={"prrt": "sources-differ"},
        because={
            "tae": STOMACH_EMBOLISATION,
            "rfa": RFA,
            "targeted-drugs": CANT_HAVE_SURGERY,
            "prrt": STOMACH_PRRT + " " + PRRT_RECEPTORS,
            "somatostatin-analogues": SSA_NEGATIVE,
        },
    ),
    # ---- Duodenum, small bowel ---------------------------------------------------------------
    s(
        "duodenum-small-localised",
        {
            "kind": "net",
            "site": "duodenum",
            "spread": "none",
            "size": "up-to-2cm",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        must=("surgery", "curative-surgery", "endoscopic-resection", "local-excision", "whipple"),
        must_not=("debulking-surgery", *LIVER_ONLY),
        because={
            "surgery": NET_MAIN_SURGERY,
            "curative-surgery": CURATIVE,
            "endoscopic-resection": ENDOSCOPIC,
            "local-excision": LOCAL_EXCISION,
            "whipple": WHIPPLE_DUODENUM,
            "debulking-surgery": PALLIATIVE,
            **dict.fromkeys(LIVER_ONLY, NO_LIVER_SPREAD),
        },
    ),
    s(
        "small-bowel-localised-large",
        {
            "kind": "net",
            "site": "small-bowel",
            "grade": "1",
            "spread": "none",
            "size": "over-2cm",
            "resectable": "yes",
            "fit_for_surgery": "yes",
            "came_back": "no",
        },
        must=("surgery", "curative-surgery", "small-bowel-resection"),
        must_not=(
            "local-excision",
            "debulking-surgery",
            "chemotherapy-net",
            "biological-therapy",
            "radiation-therapy",
            "hepatic-artery-infusion",
            "tace",
        ),
        because={
            "surgery": SMALL_BOWEL_SURGERY,
            "curative-surgery": CURATIVE,
            "small-bowel-resection": SMALL_BOWEL_RESECTION,
            "local-excision": LOCAL_EXCISION,
            "debulking-surgery": PALLIATIVE,
            "chemotherapy-net": CHEMO_NOT_FIRST_LINE,
            "biological-therapy": INTERFERON,
            "radiation-therapy": RADIATION,
            "hepatic-artery-infusion": REGIONAL_CHEMO,
            "tace": REGIONAL_CHEMO,
        },
    ),
    s(
        "small-bowel-spread-liver-and-nodes-with-symptoms",
        {
            "kind": "net",
            "site": "small-bowel",
            "grade": "2",
            "spread": ["lymph-nodes", "liver"],
            "sstr": "positive",
            "hormone_symptoms": "yes",
            "fit_for_surgery": "yes",
        },
        must=(
            "somatostatin-analogues",
            "urgent-symptom-control",
            "chemotherapy-net",
            "tace",
            "hepatic-artery-infusion",
            "biological-therapy",
            "radiation-therapy",
            "prrt",
            "liver-resection",
            "tae",
            "sirt",
            "clinical-trials",
        ),
        fit={"somatostatin-analogues": "matches", "prrt": "matches"},
        because={
            "somatostatin-analogues": SUPPORTIVE_OCTREOTIDE + " " + SSA_SYMPTOMS,
            "urgent-symptom-control": URGENT,
            "chemotherapy-net": CHEMO_NOT_FIRST_LINE,
            "tace": REGIONAL_CHEMO,
            "hepatic-artery-infusion": REGIONAL_CHEMO,
            "biological-therapy": INTERFERON,
            "radiation-therapy": RADIATION,
            "prrt": PRRT_CONDITIONS,
            "liver-resection": LIVER_SURGERY,
            "tae": LIVER_OPTIONS + " " + TAE,
            "sirt": LIVER_OPTIONS + " " + SIRT,
            "clinical-trials": SMALL_BOWEL_TRIAL,
        },
    ),
    s(
        "small-bowel-spread-liver-receptor-scan-unsure",
        {
            "kind": "net",
            "site": "small-bowel",
            "grade": "2",
            "spread": "liver",
            "hormone_symptoms": "no",
            "sstr": "unsure",
        },
        must=("prrt", "somatostatin-analogues", "chemotherapy-net"),
        fit={"prrt": "depends", "somatostatin-analogues": "depends"},
        open_on={"prrt": "sstr", "somatostatin-analogues": "sstr"},
        because={
            "prrt": PRRT_RECEPTORS,
            "somatostatin-analogues": SSA_SCAN_DECIDES + " " + SSA_NEGATIVE,
            "chemotherapy-net": CHEMO_SPREAD,
        },
    ),
    # ---- Appendix ----------------------------------------------------------------------------
    s(
        "appendix-up-to-2cm-found-at-appendectomy",
        {
            "kind": "net",
            "site": "appendix",
            "found_at_appendectomy": "yes",
            "size": "up-to-2cm",
            "spread": "none",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        # Whether it came back is not answered: debulking is for if it comes back, not for now.
        fit={"appendectomy": "done", "debulking-surgery": "if-it-comes-back"},
        must_not=(
            "more-surgery-after-appendectomy",
            "local-excision",
            "endoscopic-resection",
            "hemicolectomy",
        ),
        because={
            "appendectomy": APPENDIX_FOUND + " " + APPENDIX_SMALL,
            "more-surgery-after-appendectomy": APPENDIX_SMALL,
            "local-excision": APPENDIX_SMALL,
            "endoscopic-resection": APPENDIX_SMALL,
            "hemicolectomy": APPENDIX_SMALL,
            "debulking-surgery": APPENDIX_SMALL + " " + PALLIATIVE + " " + BACK_AFTER_TREATMENT,
        },
    ),
    s(
        "appendix-over-2cm-found-at-appendectomy",
        {
            "kind": "net",
            "site": "appendix",
            "found_at_appendectomy": "yes",
            "size": "over-2cm",
            "spread": "none",
            "fit_for_surgery": "yes",
        },
        must=("more-surgery-after-appendectomy", "surgery"),
        must_not=("local-excision",),
        because={
            "more-surgery-after-appendectomy": APPENDIX_LARGE,
            "surgery": APPENDIX_LARGE,
            "local-excision": LOCAL_EXCISION,
        },
    ),
    # ---- Colon and rectum --------------------------------------------------------------------
    s(
        "colon-localised-large",
        {
            "kind": "net",
            "site": "colon",
            "spread": "none",
            "size": "over-2cm",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        must=("surgery", "curative-surgery", "hemicolectomy"),
        must_not=(
            "local-excision",
            "lar",
            "ap-resection",
            "transanal-removal",
            "debulking-surgery",
        ),
        because={
            "surgery": NET_MAIN_SURGERY,
            "curative-surgery": CURATIVE,
            "hemicolectomy": HEMICOLECTOMY,
            "local-excision": LOCAL_EXCISION,
            "lar": RECTUM_ONLY,
            "ap-resection": RECTUM_ONLY,
            "transanal-removal": RECTUM_ONLY,
            "debulking-surgery": PALLIATIVE,
        },
    ),
    s(
        "rectum-upper-small",
        {
            "kind": "net",
            "site": "rectum",
            "rectum_part": "upper",
            "size": "up-to-2cm",
            "spread": "none",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        must=("endoscopic-resection", "local-excision", "transanal-removal", "lar"),
        must_not=("ap-resection", "hemicolectomy", *LIVER_ONLY),
        because={
            "endoscopic-resection": ENDOSCOPIC,
            "local-excision": LOCAL_EXCISION,
            "transanal-removal": TRANSANAL,
            "lar": LAR,
            "ap-resection": AP,
            "hemicolectomy": HEMICOLECTOMY + " " + RECTUM_ONLY,
            **dict.fromkeys(LIVER_ONLY, NO_LIVER_SPREAD),
        },
    ),
    s(
        "rectum-lower-large",
        {
            "kind": "net",
            "site": "rectum",
            "rectum_part": "lower",
            "size": "over-2cm",
            "spread": "none",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        must=("ap-resection", "transanal-removal", "curative-surgery"),
        must_not=("lar", "local-excision"),
        because={
            "ap-resection": AP,
            "transanal-removal": TRANSANAL,
            "curative-surgery": CURATIVE,
            "lar": LAR,
            "local-excision": LOCAL_EXCISION,
        },
    ),
    s(
        "rectum-small-cannot-have-surgery",
        {
            "kind": "net",
            "site": "rectum",
            "rectum_part": "lower",
            "size": "up-to-2cm",
            "spread": "none",
            "fit_for_surgery": "no",
        },
        must=("targeted-drugs", "clinical-trials"),
        must_not=(
            *ALL_SURGERY,
            "endoscopic-resection",
            "transanal-removal",
            "rfa",
            "tae",
            "sirt",
        ),
        because={
            "targeted-drugs": CANT_HAVE_SURGERY,
            "clinical-trials": TRIAL,
            **dict.fromkeys(ALL_SURGERY, CANT_HAVE_SURGERY),
            "liver-transplant": TRANSPLANT,
            "endoscopic-resection": ENDOSCOPIC_IS_AN_OPERATION + " " + CANT_HAVE_SURGERY,
            "transanal-removal": TRANSANAL_IS_AN_OPERATION + " " + CANT_HAVE_SURGERY,
            "rfa": NO_LIVER_SPREAD,
            "tae": NO_LIVER_SPREAD,
            "sirt": NO_LIVER_SPREAD,
        },
    ),
    # ---- Pancreas ----------------------------------------------------------------------------
    s(
        "pancreas-localised",
        {
            "kind": "net",
            "site": "pancreas",
            "grade": "1",
            "spread": "none",
            "resectable": "yes",
            "fit_for_surgery": "yes",
            "came_back": "no",
            "hormone_symptoms": "no",
        },
        must=("surgery",),
        must_not=(
            "debulking-surgery",
            "prrt",
            "chemotherapy-net",
            "targeted-drugs",
            "somatostatin-analogues",
            *LIVER_ONLY,
        ),
        because={
            "surgery": NET_MAIN_SURGERY,
            "debulking-surgery": PALLIATIVE,
            "prrt": PRRT_CONDITIONS,
            "chemotherapy-net": CHEMO_SPREAD + " " + OTHER_NOT_NEEDED,
            "targeted-drugs": OTHER_NOT_NEEDED,
            "somatostatin-analogues": OTHER_NOT_NEEDED + " " + SSA_SYMPTOMS,
            **dict.fromkeys(LIVER_ONLY, NO_LIVER_SPREAD),
        },
    ),
    s(
        "pancreas-grade-1-spread-liver-receptor-positive",
        {
            "kind": "net",
            "site": "pancreas",
            "grade": "1",
            "spread": "liver",
            "sstr": "positive",
        },
        must=(
            "prrt",
            "somatostatin-analogues",
            "chemotherapy-net",
            "targeted-drugs",
            "tae",
            "tace",
            "sirt",
        ),
        fit={"prrt": "matches", "somatostatin-analogues": "matches"},
        because={
            "prrt": PRRT_CONDITIONS,
            "somatostatin-analogues": OTHER_IF_SPREAD + " " + SSA_PICKS_UP,
            "chemotherapy-net": CHEMO_SPREAD,
            "targeted-drugs": OTHER_IF_SPREAD + " " + TARGETED_FOR_NETS,
            "tae": LIVER_OPTIONS + " " + TAE,
            "tace": LIVER_OPTIONS + " " + TACE,
            "sirt": LIVER_OPTIONS + " " + SIRT,
        },
    ),
    s(
        "pancreas-grade-3-net-spread-receptor-positive",
        {
            "kind": "net",
            "site": "pancreas",
            "grade": "3",
            "spread": "liver",
            "sstr": "positive",
        },
        must=("somatostatin-analogues", "chemotherapy-net"),
        must_not=("prrt",),
        because={
            "somatostatin-analogues": OTHER_IF_SPREAD + " " + SSA_PICKS_UP,
            "chemotherapy-net": CHEMO_SPREAD,
            "prrt": PRRT_GRADE,
        },
    ),
    s(
        "pancreas-spread-elsewhere-grade-unsure",
        {
            "kind": "net",
            "site": "pancreas",
            "grade": "unsure",
            "spread": "elsewhere",
            "sstr": "positive",
        },
        must=("prrt", "chemotherapy-net", "targeted-drugs"),
        must_not=(*LIVER_ONLY, "hepatic-artery-infusion"),
        fit={"prrt": "depends"},
        open_on={"prrt": "grade"},
        because={
            "prrt": PRRT_GRADE,
            "chemotherapy-net": CHEMO_SPREAD,
            "targeted-drugs": OTHER_IF_SPREAD + " " + TARGETED_FOR_NETS,
            **dict.fromkeys(LIVER_ONLY, NO_LIVER_SPREAD),
            "hepatic-artery-infusion": REGIONAL_CHEMO,
        },
    ),
    s(
        "pancreas-multiple-spread-cannot-have-surgery",
        {
            "kind": "net",
            "site": "pancreas",
            "grade": "2",
            "spread": ["lymph-nodes", "liver", "elsewhere"],
            "sstr": "positive",
            "fit_for_surgery": "no",
        },
        must=(
            "rfa",
            "tae",
            "tace",
            "sirt",
            "chemotherapy-net",
            "targeted-drugs",
            "prrt",
            "somatostatin-analogues",
        ),
        must_not=ALL_SURGERY,
        because={
            "rfa": RFA,
            "tae": LIVER_OPTIONS + " " + TAE,
            "tace": LIVER_OPTIONS + " " + TACE,
            "sirt": LIVER_OPTIONS + " " + SIRT,
            "chemotherapy-net": CHEMO_SPREAD,
            "targeted-drugs": CANT_HAVE_SURGERY,
            "prrt": PRRT_CONDITIONS,
            "somatostatin-analogues": CANT_HAVE_SURGERY + " " + SSA_PICKS_UP,
            **dict.fromkeys(ALL_SURGERY, CANT_HAVE_SURGERY),
            "liver-resection": RFA,
            "liver-transplant": TRANSPLANT + " " + CANT_HAVE_SURGERY,
        },
    ),
    s(
        "pancreas-spread-receptor-not-tested-with-symptoms",
        {
            "kind": "net",
            "site": "pancreas",
            "grade": "2",
            "spread": "liver",
            "sstr": "not-tested",
            "hormone_symptoms": "yes",
        },
        must=("somatostatin-analogues", "urgent-symptom-control", "chemotherapy-net"),
        fit={"prrt": "depends"},
        open_on={"prrt": "sstr", "somatostatin-analogues": "sstr"},
        because={
            "somatostatin-analogues": SSA_SYMPTOMS + " " + SSA_SCAN_DECIDES,
            "urgent-symptom-control": URGENT,
            "chemotherapy-net": CHEMO_SPREAD,
            "prrt": PRRT_RECEPTORS,
        },
    ),
    # ---- Lung, skin, elsewhere ---------------------------------------------------------------
    s(
        "lung-net-localised",
        {"kind": "net", "site": "lung", "spread": "none", "fit_for_surgery": "yes"},
        must=("surgery", "clinical-trials"),
        notes_for=("lung",),
        because={"surgery": NET_MAIN_SURGERY, "clinical-trials": TRIAL, "lung": LUNG},
    ),
    s(
        "lung-net-spread-receptor-positive",
        {
            "kind": "net",
            "site": "lung",
            "grade": "1",
            "spread": "elsewhere",
            "sstr": "positive",
        },
        must=("somatostatin-analogues", "targeted-drugs"),
        must_not=("prrt", *LIVER_ONLY),
        notes_for=("lung",),
        because={
            "somatostatin-analogues": OTHER_IF_SPREAD + " " + SSA_PICKS_UP,
            "targeted-drugs": OTHER_IF_SPREAD + " " + TARGETED_FOR_NETS,
            "prrt": PRRT_DIGESTIVE,
            **dict.fromkeys(LIVER_ONLY, NO_LIVER_SPREAD),
            "lung": LUNG,
        },
    ),
    s(
        "skin-merkel-cell",
        {"kind": "net", "site": "skin", "sstr": "positive", "grade": "2", "spread": "elsewhere"},
        must=("clinical-trials",),
        must_not=("prrt",),
        notes_for=("merkel-cell",),
        because={
            "clinical-trials": TRIAL,
            "prrt": PRRT_DIGESTIVE,
            "merkel-cell": MERKEL + " " + GENERAL_OVERVIEW,
        },
    ),
    s(
        "other-site-spread-liver",
        {"kind": "net", "site": "other", "spread": "liver", "fit_for_surgery": "yes"},
        must=(
            "liver-resection",
            "liver-transplant",
            "tae",
            "tace",
            "sirt",
            "chemotherapy-net",
            "targeted-drugs",
        ),
        because={
            "liver-resection": LIVER_SURGERY,
            "liver-transplant": LIVER_OPTIONS + " " + TRANSPLANT,
            "tae": LIVER_OPTIONS + " " + TAE,
            "tace": LIVER_OPTIONS + " " + TACE,
            "sirt": LIVER_OPTIONS + " " + SIRT,
            "chemotherapy-net": CHEMO_SPREAD,
            "targeted-drugs": OTHER_IF_SPREAD + " " + TARGETED_FOR_NETS,
        },
    ),
    s(
        "colon-lymph-nodes-only-receptor-positive",
        {
            "kind": "net",
            "site": "colon",
            "grade": "2",
            "spread": "lymph-nodes",
            "sstr": "positive",
        },
        must=("somatostatin-analogues", "targeted-drugs", "prrt", "chemotherapy-net"),
        must_not=(*LIVER_ONLY, "hepatic-artery-infusion"),
        because={
            "somatostatin-analogues": OTHER_IF_SPREAD + " " + SSA_PICKS_UP,
            "targeted-drugs": OTHER_IF_SPREAD + " " + TARGETED_FOR_NETS,
            "prrt": PRRT_CONDITIONS,
            "chemotherapy-net": STOMACH_DEBULK + " " + CHEMO_SPREAD,
            **dict.fromkeys(LIVER_ONLY, NO_LIVER_SPREAD),
            "hepatic-artery-infusion": REGIONAL_CHEMO,
        },
    ),
    s(
        "colon-unresectable-not-spread",
        {
            "kind": "net",
            "site": "colon",
            "grade": "1",
            "spread": "none",
            "resectable": "no",
            "sstr": "positive",
            "fit_for_surgery": "yes",
        },
        must=("debulking-surgery", "prrt", "targeted-drugs", "somatostatin-analogues"),
        must_not=("curative-surgery", *LIVER_ONLY),
        because={
            "debulking-surgery": OPERATION_ANYWAY + " " + PALLIATIVE,
            "prrt": PRRT_CONDITIONS,
            "targeted-drugs": CANT_HAVE_SURGERY + " " + TARGETED_FOR_NETS,
            "somatostatin-analogues": CANT_HAVE_SURGERY + " " + SSA_PICKS_UP,
            "curative-surgery": CURATIVE,
            **dict.fromkeys(LIVER_ONLY, NO_LIVER_SPREAD),
        },
    ),
    # ---- NEC ---------------------------------------------------------------------------------
    s(
        "nec-localised",
        {"kind": "nec", "grade": "3", "spread": "none", "fit_for_surgery": "yes"},
        must=("surgery", "chemotherapy-nec", "chemoradiotherapy", "clinical-trials"),
        must_not=("prrt", "chemotherapy-net"),
        because={
            "surgery": NEC_SURGERY,
            "chemotherapy-nec": NEC_CHEMO,
            "chemoradiotherapy": NEC_CHEMORADIO,
            "clinical-trials": TRIAL,
            "prrt": NEC_HIGH_GRADE,
            "chemotherapy-net": NEC_DIFFERENT,
        },
    ),
    s(
        "nec-spread",
        {
            "kind": "nec",
            "site": "pancreas",
            "grade": "3",
            "spread": ["liver", "elsewhere"],
        },
        must=("chemotherapy-nec", "clinical-trials"),
        must_not=("surgery", "liver-resection", "prrt", "chemotherapy-net"),
        notes_for=("nec",),
        because={
            "chemotherapy-nec": NEC_CHEMO_ALONE,
            "clinical-trials": TRIAL,
            "surgery": NEC_SURGERY_IF_NOT_SPREAD,
            "liver-resection": NEC_SURGERY_IF_NOT_SPREAD + " " + NEC_DIFFERENT,
            "prrt": NEC_HIGH_GRADE,
            "chemotherapy-net": NEC_DIFFERENT,
            "nec": NEC_DIFFERENT,
        },
    ),
    s(
        "nec-localised-cannot-have-surgery",
        {"kind": "nec", "spread": "none", "fit_for_surgery": "no"},
        must=("chemotherapy-nec",),
        must_not=("surgery",),
        because={"chemotherapy-nec": NEC_CHEMO_ALONE, "surgery": CANT_HAVE_SURGERY},
    ),
    # ---- Symptoms ----------------------------------------------------------------------------
    s(
        "heavy-diarrhoea",
        {
            "kind": "net",
            "site": "small-bowel",
            "hormone_symptoms": "yes",
            "severe_symptoms": "heavy-diarrhoea",
        },
        must=("urgent-symptom-control", "somatostatin-analogues"),
        parts={"urgent-symptom-control": ("fluids-through-a-drip",)},
        open_on={"somatostatin-analogues": "sstr"},
        because={
            "urgent-symptom-control": URGENT_DRIP,
            "somatostatin-analogues": SUPPORTIVE_OCTREOTIDE + " " + SSA_NEGATIVE,
        },
    ),
    s(
        "weight-loss",
        {
            "kind": "net",
            "site": "pancreas",
            "hormone_symptoms": "yes",
            "severe_symptoms": "weight-loss",
            "sstr": "positive",
        },
        must=("urgent-symptom-control", "somatostatin-analogues"),
        parts={"urgent-symptom-control": ("drip-or-tube-feeding",)},
        because={
            "urgent-symptom-control": URGENT_FEEDING,
            "somatostatin-analogues": SSA_SYMPTOMS,
        },
    ),
    s(
        "symptoms-receptor-negative",
        {
            "kind": "net",
            "site": "small-bowel",
            "grade": "1",
            "spread": "liver",
            "hormone_symptoms": "yes",
            "sstr": "negative",
        },
        must=("urgent-symptom-control", "chemotherapy-net"),
        must_not=("prrt",),
        fit={"somatostatin-analogues": "sources-differ"},
        because={
            "urgent-symptom-control": URGENT,
            "chemotherapy-net": CHEMO_NOT_FIRST_LINE,
            "somatostatin-analogues": SUPPORTIVE_OCTREOTIDE + " " + SSA_NEGATIVE,
            "prrt": PRRT_RECEPTORS,
        },
    ),
    # ---- Recurrence --------------------------------------------------------------------------
    s(
        "came-back-receptor-positive",
        {
            "kind": "net",
            "site": "colon",
            "spread": "none",
            "came_back": "yes",
            "sstr": "positive",
            "hormone_symptoms": "no",
        },
        must=("targeted-drugs", "somatostatin-analogues", "clinical-trials"),
        must_not=LIVER_ONLY,
        because={
            "targeted-drugs": OTHER_IF_BACK + " " + TARGETED_FOR_NETS,
            "somatostatin-analogues": OTHER_IF_BACK + " " + SSA_PICKS_UP,
            "clinical-trials": TRIAL,
            **dict.fromkeys(LIVER_ONLY, NO_LIVER_SPREAD),
        },
    ),
    s(
        "came-back-receptor-negative",
        {
            "kind": "net",
            "site": "small-bowel",
            "came_back": "yes",
            "sstr": "negative",
            "grade": "1",
        },
        must=("targeted-drugs",),
        must_not=("prrt",),
        not_matching=("somatostatin-analogues",),
        because={
            "targeted-drugs": OTHER_IF_BACK + " " + TARGETED_FOR_NETS,
            "somatostatin-analogues": SSA_NEGATIVE,
            "prrt": PRRT_RECEPTORS,
        },
    ),
    # ---- Nothing known -----------------------------------------------------------------------
    s(
        "everything-unsure",
        {},
        must=("clinical-trials",),
        because={"clinical-trials": TRIAL + " " + STOMACH_TRIAL + " " + SMALL_BOWEL_TRIAL},
    ),
    # ---- Issue 11: intent, principles, three-valued answers, sources that differ -----------------
    s(
        "stomach-unresectable-localised-small",
        {
            "kind": "net",
            "site": "stomach",
            "spread": "none",
            "size": "up-to-2cm",
            "resectable": "no",
            "fit_for_surgery": "yes",
        },
        must=("debulking-surgery",),
        fit={"debulking-surgery": "matches"},
        must_not=(
            "curative-surgery",
            "endoscopic-resection",
            "local-excision",
            "partial-gastrectomy",
        ),
        because={
            "debulking-surgery": OPERATION_ANYWAY + " " + PALLIATIVE,
            **dict.fromkeys(
                (
                    "curative-surgery",
                    "endoscopic-resection",
                    "local-excision",
                    "partial-gastrectomy",
                ),
                CURATIVE_OPERATIONS,
            ),
        },
    ),
    s(
        "small-bowel-unresectable",
        {
            "kind": "net",
            "site": "small-bowel",
            "spread": "lymph-nodes",
            "resectable": "no",
            "fit_for_surgery": "yes",
            "size": "over-2cm",
        },
        must=("debulking-surgery", "targeted-drugs"),
        must_not=("small-bowel-resection", "hemicolectomy", "curative-surgery"),
        because={
            "debulking-surgery": PALLIATIVE,
            "targeted-drugs": OTHER_IF_SPREAD + " " + TARGETED_FOR_NETS,
            **dict.fromkeys(
                ("small-bowel-resection", "hemicolectomy", "curative-surgery"), CURATIVE_OPERATIONS
            ),
        },
    ),
    s(
        "duodenum-unresectable",
        {
            "kind": "net",
            "site": "duodenum",
            "spread": "lymph-nodes",
            "resectable": "no",
            "fit_for_surgery": "yes",
        },
        must=("debulking-surgery",),
        must_not=("whipple", "endoscopic-resection", "local-excision"),
        because={
            "debulking-surgery": PALLIATIVE,
            **dict.fromkeys(
                ("whipple", "endoscopic-resection", "local-excision"), CURATIVE_OPERATIONS
            ),
        },
    ),
    s(
        "rectum-lower-unresectable",
        {
            "kind": "net",
            "site": "rectum",
            "rectum_part": "lower",
            "size": "over-2cm",
            "spread": "lymph-nodes",
            "resectable": "no",
            "fit_for_surgery": "yes",
        },
        must=("debulking-surgery",),
        must_not=("ap-resection", "transanal-removal", "lar", "curative-surgery"),
        because={
            "debulking-surgery": PALLIATIVE,
            **dict.fromkeys(
                ("ap-resection", "transanal-removal", "lar", "curative-surgery"),
                CURATIVE_OPERATIONS,
            ),
        },
    ),
    s(
        "stomach-resectable-unsure",
        {
            "kind": "net",
            "site": "stomach",
            "spread": "none",
            "size": "up-to-2cm",
            "fit_for_surgery": "yes",
        },
        fit={
            "curative-surgery": "depends",
            "endoscopic-resection": "depends",
            "debulking-surgery": "depends",
        },
        open_on={
            "curative-surgery": "resectable",
            "endoscopic-resection": "resectable",
            "debulking-surgery": "resectable",
        },
        because={
            "curative-surgery": CURATIVE,
            "endoscopic-resection": CURATIVE_OPERATIONS + " " + ENDOSCOPIC,
            "debulking-surgery": PALLIATIVE,
        },
    ),
    s(
        "stomach-resectable-with-debulking-ruled-out",
        {
            "kind": "net",
            "site": "stomach",
            "spread": "lymph-nodes",
            "size": "over-2cm",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        must=("curative-surgery", "partial-gastrectomy"),
        must_not=("debulking-surgery", "local-excision"),
        # 003 gives endoscopic resection no size: over 2 cm the team says (never a plain match).
        not_matching=("endoscopic-resection",),
        because={
            "curative-surgery": CURATIVE,
            "partial-gastrectomy": GASTRECTOMY,
            "debulking-surgery": PALLIATIVE,
            "endoscopic-resection": SMALL_TUMOURS,
            "local-excision": SMALL_TUMOURS,
        },
    ),
    s(
        "stomach-spread-lymph-nodes-resectable-unsure",
        {"kind": "net", "site": "stomach", "spread": "lymph-nodes", "fit_for_surgery": "yes"},
        fit={"debulking-surgery": "depends"},
        open_on={"debulking-surgery": "resectable"},
        must_not=LIVER_ONLY,
        because={
            "debulking-surgery": STOMACH_DEBULK + " " + PALLIATIVE,
            **dict.fromkeys(LIVER_ONLY, NO_LIVER_SPREAD),
        },
    ),
    s(
        "nec-spread-liver-unresectable",
        {
            "kind": "nec",
            "site": "pancreas",
            "spread": "liver",
            "resectable": "no",
            "fit_for_surgery": "yes",
        },
        must=("chemotherapy-nec",),
        must_not=("debulking-surgery", "surgery", "liver-resection"),
        because={
            "chemotherapy-nec": NEC_CHEMO_ALONE,
            "debulking-surgery": NEC_SURGERY_IF_NOT_SPREAD,
            "surgery": NEC_SURGERY_IF_NOT_SPREAD,
            "liver-resection": NEC_SURGERY_IF_NOT_SPREAD,
        },
    ),
    s(
        "nec-spread-unsure",
        {"kind": "nec", "site": "other", "fit_for_surgery": "yes"},
        fit={"surgery": "depends", "chemotherapy-nec": "matches"},
        open_on={"surgery": "spread"},
        because={"surgery": NEC_SURGERY_IF_NOT_SPREAD, "chemotherapy-nec": NEC_CHEMO},
    ),
    s(
        "nec-not-spread-fit",
        {"kind": "nec", "site": "other", "spread": "none", "fit_for_surgery": "yes"},
        fit={"surgery": "matches"},
        must=("chemotherapy-nec", "chemoradiotherapy"),
        because={
            "surgery": NEC_SURGERY,
            "chemotherapy-nec": NEC_CHEMO,
            "chemoradiotherapy": NEC_CHEMORADIO,
        },
    ),
    s(
        "nec-gets-no-net-treatments",
        {
            "kind": "nec",
            "site": "small-bowel",
            "spread": "liver",
            "hormone_symptoms": "yes",
            "severe_symptoms": "none",
            "fit_for_surgery": "no",
        },
        must=("chemotherapy-nec",),
        must_not=(
            "prrt",
            "somatostatin-analogues",
            "tae",
            "tace",
            "sirt",
            "rfa",
            "targeted-drugs",
            "chemotherapy-net",
            "biological-therapy",
            "urgent-symptom-control",
        ),
        because={
            "chemotherapy-nec": NEC_CHEMO_ALONE,
            **dict.fromkeys(
                (
                    "prrt",
                    "somatostatin-analogues",
                    "targeted-drugs",
                    "chemotherapy-net",
                    "urgent-symptom-control",
                ),
                NEC_NO_NET_OPTIONS,
            ),
            **dict.fromkeys(
                ("tae", "tace", "sirt", "rfa"), LIVER_OPTIONS + " " + NEC_OTHER_NOT_NET
            ),
            "biological-therapy": INTERFERON + " " + NEC_OTHER_NOT_NET,
        },
    ),
    s(
        "kind-unsure-spread-liver",
        {"site": "pancreas", "spread": "liver", "sstr": "positive", "grade": "2"},
        fit={"prrt": "depends", "chemotherapy-nec": "depends"},
        open_on={"prrt": "kind", "chemotherapy-nec": "kind"},
        because={"prrt": PRRT_CONDITIONS + " " + NEC_DIFFERENT, "chemotherapy-nec": NEC_CHEMO},
    ),
    s(
        "small-bowel-receptor-not-tested",
        {
            "kind": "net",
            "site": "small-bowel",
            "grade": "1",
            "spread": "liver",
            "sstr": "not-tested",
            "hormone_symptoms": "no",
        },
        fit={"prrt": "depends"},
        open_on={"prrt": "sstr", "somatostatin-analogues": "sstr"},
        must=("biological-therapy", "chemotherapy-net"),
        because={
            "prrt": PRRT_RECEPTORS,
            "somatostatin-analogues": SSA_SCAN_DECIDES,
            "biological-therapy": INTERFERON,
            "chemotherapy-net": CHEMO_NOT_FIRST_LINE,
        },
    ),
    s(
        "stomach-spread-receptor-unsure-unresectable",
        {
            "kind": "net",
            "site": "stomach",
            "grade": "2",
            "spread": "liver",
            "resectable": "no",
            "fit_for_surgery": "yes",
        },
        fit={"prrt": "depends"},
        open_on={"prrt": "sstr"},
        must=("tae", "rfa"),
        because={
            "prrt": STOMACH_PRRT + " " + PRRT_RECEPTORS,
            "tae": STOMACH_EMBOLISATION,
            "rfa": RFA,
        },
    ),
    s(
        "stomach-grade-3-spread-unfit",
        {
            "kind": "net",
            "site": "stomach",
            "grade": "3",
            "spread": "liver",
            "sstr": "positive",
            "fit_for_surgery": "no",
        },
        fit={"prrt": "sources-differ"},
        because={"prrt": STOMACH_PRRT + " " + PRRT_GRADE},
    ),
    s(
        "pancreas-grade-3-spread-unfit",
        {
            "kind": "net",
            "site": "pancreas",
            "grade": "3",
            "spread": "liver",
            "sstr": "positive",
            "fit_for_surgery": "no",
        },
        must_not=("prrt",),
        must=("chemotherapy-net", "tae"),
        because={
            "prrt": PRRT_GRADE,
            "chemotherapy-net": CHEMO_SPREAD,
            "tae": LIVER_OPTIONS + " " + TAE,
        },
    ),
    s(
        "pancreas-grade-unsure-spread",
        {
            "kind": "net",
            "site": "pancreas",
            "spread": "lymph-nodes",
            "sstr": "positive",
            "fit_for_surgery": "no",
        },
        fit={"prrt": "depends"},
        open_on={"prrt": "grade"},
        because={"prrt": GRADE_UNKNOWN_PRRT},
    ),
    s(
        "skin-spread-receptor-positive",
        {"kind": "net", "site": "skin", "grade": "2", "spread": "elsewhere", "sstr": "positive"},
        must_not=("prrt",),
        notes_for=("merkel-cell",),
        because={"prrt": PRRT_DIGESTIVE, "merkel-cell": MERKEL},
    ),
    s(
        "urgent-diarrhoea-and-weight-loss",
        {
            "kind": "net",
            "site": "small-bowel",
            "hormone_symptoms": "yes",
            "severe_symptoms": ["heavy-diarrhoea", "weight-loss"],
        },
        must=("urgent-symptom-control",),
        parts={"urgent-symptom-control": ("fluids-through-a-drip", "drip-or-tube-feeding")},
        must_not=("not-starting-straight-away",),
        because={
            "urgent-symptom-control": URGENT_DRIP + " " + URGENT_FEEDING,
            "not-starting-straight-away": URGENT_DRIP,
        },
    ),
    s(
        "urgent-hormone-symptoms-not-severe",
        {"kind": "net", "site": "pancreas", "hormone_symptoms": "yes", "severe_symptoms": "none"},
        fit={"urgent-symptom-control": "matches"},
        parts={
            "urgent-symptom-control": ("somatostatin-medicines", "vitamin-or-mineral-supplements")
        },
        because={"urgent-symptom-control": URGENT_ALL},
    ),
    s(
        "no-hormone-symptoms-no-urgent-treatment",
        {"kind": "net", "site": "colon", "hormone_symptoms": "no", "severe_symptoms": "none"},
        must_not=("urgent-symptom-control",),
        fit={"not-starting-straight-away": "depends"},
        because={"urgent-symptom-control": URGENT, "not-starting-straight-away": NOT_STARTING},
    ),
    s(
        "weight-loss-no-waiting",
        {
            "kind": "net",
            "site": "small-bowel",
            "hormone_symptoms": "yes",
            "severe_symptoms": "weight-loss",
        },
        must_not=("not-starting-straight-away",),
        parts={"urgent-symptom-control": ("drip-or-tube-feeding",)},
        because={
            "not-starting-straight-away": URGENT_FEEDING,
            "urgent-symptom-control": URGENT_FEEDING,
        },
    ),
    s(
        "nec-waiting-is-the-teams-word",
        {"kind": "nec", "spread": "none", "severe_symptoms": "none"},
        fit={"not-starting-straight-away": "depends"},
        because={"not-starting-straight-away": NOT_STARTING},
    ),
    s(
        "rectum-lower-small",
        {
            "kind": "net",
            "site": "rectum",
            "rectum_part": "lower",
            "size": "up-to-2cm",
            "spread": "none",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        fit={
            "ap-resection": "depends",
            "transanal-removal": "matches",
            "local-excision": "matches",
            "endoscopic-resection": "matches",
        },
        must_not=("lar",),
        because={
            "ap-resection": AP,
            "transanal-removal": TRANSANAL,
            "local-excision": LOCAL_EXCISION,
            "endoscopic-resection": ENDOSCOPIC,
            "lar": LAR,
        },
    ),
    s(
        "rectum-lower-large-resectable",
        {
            "kind": "net",
            "site": "rectum",
            "rectum_part": "lower",
            "size": "over-2cm",
            "spread": "none",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        fit={"ap-resection": "matches"},
        must_not=("local-excision", "lar"),
        # 003 gives endoscopic resection no size: over 2 cm the team says (never a plain match).
        not_matching=("endoscopic-resection",),
        because={
            "ap-resection": AP,
            "local-excision": SMALL_TUMOURS,
            "endoscopic-resection": ENDOSCOPIC,
            "lar": LAR,
        },
    ),
    s(
        "rectum-part-unsure",
        {
            "kind": "net",
            "site": "rectum",
            "size": "over-2cm",
            "spread": "none",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        fit={"lar": "depends", "ap-resection": "depends"},
        open_on={"lar": "rectum_part", "ap-resection": "rectum_part"},
        because={"lar": LAR, "ap-resection": AP},
    ),
    s(
        "stomach-large-no-endoscope",
        {
            "kind": "net",
            "site": "stomach",
            "size": "over-2cm",
            "spread": "none",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        must_not=("local-excision",),
        # 003 gives endoscopic resection no size: over 2 cm the team says (never a plain match).
        not_matching=("endoscopic-resection",),
        fit={"partial-gastrectomy": "matches"},
        because={
            "endoscopic-resection": ENDOSCOPIC,
            "local-excision": LOCAL_EXCISION,
            "partial-gastrectomy": GASTRECTOMY,
        },
    ),
    s(
        "stomach-liver-size-unsure",
        {
            "kind": "net",
            "site": "stomach",
            "spread": "liver",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        fit={"local-excision": "depends"},
        open_on={"local-excision": "size", "endoscopic-resection": "size"},
        because={
            "local-excision": LOCAL_EXCISION + " " + DEPENDS_ON_SIZE,
            "endoscopic-resection": ENDOSCOPIC + " " + DEPENDS_ON_SIZE,
        },
    ),
    s(
        "appendix-large-not-removed",
        {
            "kind": "net",
            "site": "appendix",
            "found_at_appendectomy": "no",
            "size": "over-2cm",
            "spread": "none",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        must_not=("more-surgery-after-appendectomy",),
        must=("curative-surgery",),
        # More than the appendectomy may be needed: which operation, only the team can say.
        fit={"appendectomy": "depends"},
        because={
            "more-surgery-after-appendectomy": APPENDIX_DONE,
            "appendectomy": APPENDIX_LARGE,
            "curative-surgery": CURATIVE,
        },
    ),
    s(
        "appendix-small-removed-no-more-surgery",
        {
            "kind": "net",
            "site": "appendix",
            "found_at_appendectomy": "yes",
            "size": "up-to-2cm",
            "spread": "none",
            "came_back": "no",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        fit={"appendectomy": "done"},
        must_not=(
            "surgery",
            "curative-surgery",
            "local-excision",
            "endoscopic-resection",
            "more-surgery-after-appendectomy",
        ),
        not_matching=("debulking-surgery",),
        because={
            "appendectomy": APPENDIX_FOUND + " " + APPENDIX_SMALL,
            **dict.fromkeys(
                (
                    "surgery",
                    "curative-surgery",
                    "local-excision",
                    "endoscopic-resection",
                    "more-surgery-after-appendectomy",
                ),
                APPENDIX_SMALL,
            ),
            "debulking-surgery": PALLIATIVE,
        },
    ),
    s(
        "appendix-large-removed",
        {
            "kind": "net",
            "site": "appendix",
            "found_at_appendectomy": "yes",
            "size": "over-2cm",
            "spread": "none",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        fit={"more-surgery-after-appendectomy": "matches"},
        must_not=("endoscopic-resection", "local-excision"),
        because={
            "more-surgery-after-appendectomy": APPENDIX_LARGE,
            "endoscopic-resection": APPENDIX_DONE,
            "local-excision": APPENDIX_DONE,
        },
    ),
    s(
        "appendix-removed-size-unsure",
        {
            "kind": "net",
            "site": "appendix",
            "found_at_appendectomy": "yes",
            "spread": "none",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        fit={"more-surgery-after-appendectomy": "depends"},
        open_on={"more-surgery-after-appendectomy": "size", "curative-surgery": "size"},
        because={
            "more-surgery-after-appendectomy": APPENDIX_LARGE,
            "curative-surgery": APPENDIX_SMALL,
        },
    ),
    s(
        "stomach-carcinoid-syndrome-receptor-negative",
        {
            "kind": "net",
            "site": "stomach",
            "spread": "liver",
            "hormone_symptoms": "yes",
            "sstr": "negative",
            "fit_for_surgery": "yes",
            "resectable": "no",
        },
        fit={"somatostatin-analogues": "sources-differ"},
        because={"somatostatin-analogues": STOMACH_SSA + " " + SSA_NEGATIVE},
    ),
    s(
        "pancreas-symptoms-receptor-negative",
        {
            "kind": "net",
            "site": "pancreas",
            "spread": "liver",
            "hormone_symptoms": "yes",
            "sstr": "negative",
        },
        must_not=("somatostatin-analogues", "prrt"),
        must=("urgent-symptom-control",),
        because={
            "somatostatin-analogues": SSA_NEGATIVE,
            "prrt": PRRT_RECEPTORS,
            "urgent-symptom-control": URGENT,
        },
    ),
    s(
        "small-bowel-metastatic",
        {
            "kind": "net",
            "site": "small-bowel",
            "spread": ["liver", "elsewhere"],
            "grade": "2",
            "sstr": "positive",
            "fit_for_surgery": "yes",
        },
        must=(
            "biological-therapy",
            "radiation-therapy",
            "hepatic-artery-infusion",
            "chemotherapy-net",
            "tace",
            "prrt",
        ),
        fit={"prrt": "matches"},
        because={
            "biological-therapy": INTERFERON,
            "radiation-therapy": RADIATION,
            "hepatic-artery-infusion": REGIONAL_CHEMO,
            "chemotherapy-net": CHEMO_NOT_FIRST_LINE,
            "tace": REGIONAL_CHEMO,
            "prrt": PRRT_CONDITIONS,
        },
    ),
    s(
        "small-bowel-localised-resectable",
        {
            "kind": "net",
            "site": "small-bowel",
            "spread": "none",
            "size": "over-2cm",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        fit={
            "small-bowel-resection": "matches",
            "hemicolectomy": "matches",
            "curative-surgery": "matches",
            "surgery": "matches",
        },
        must_not=("biological-therapy", "hepatic-artery-infusion", "radiation-therapy"),
        because={
            "small-bowel-resection": SMALL_BOWEL_RESECTION,
            "hemicolectomy": TERMINAL_ILEUM,
            "curative-surgery": CURATIVE,
            "surgery": SMALL_BOWEL_SURGERY,
            "biological-therapy": INTERFERON,
            "hepatic-artery-infusion": REGIONAL_CHEMO,
            "radiation-therapy": RADIATION,
        },
    ),
    s(
        "liver-transplant-is-the-teams-word",
        {"kind": "net", "site": "small-bowel", "spread": "liver", "fit_for_surgery": "yes"},
        fit={"liver-transplant": "depends", "tace": "matches"},
        must=("liver-resection",),
        because={
            "liver-transplant": TRANSPLANT_FEW,
            "tace": TACE_LESS_COMMON + " " + LIVER_OPTIONS,
            "liver-resection": LIVER_NOT_ALWAYS,
        },
    ),
    s(
        "colon-localised-small",
        {
            "kind": "net",
            "site": "colon",
            "spread": "none",
            "size": "up-to-2cm",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        fit={
            "hemicolectomy": "depends",
            "local-excision": "matches",
            "endoscopic-resection": "matches",
        },
        team_asks={"hemicolectomy": "larger operation"},
        must_not=("partial-gastrectomy", "whipple", "lar", "small-bowel-resection"),
        because={
            "hemicolectomy": LARGER_TUMOUR + " " + HEMICOLECTOMY + " " + LOCAL_EXCISION,
            "local-excision": LOCAL_EXCISION,
            "endoscopic-resection": OTHER_GI_ENDOSCOPE,
            "partial-gastrectomy": GASTRECTOMY,
            "whipple": WHIPPLE_DUODENUM,
            "lar": LAR,
            "small-bowel-resection": SMALL_BOWEL_RESECTION,
        },
    ),
    s(
        "colon-spread-liver-unfit",
        {"kind": "net", "site": "colon", "spread": "liver", "fit_for_surgery": "no"},
        must=("rfa", "tae", "sirt", "targeted-drugs"),
        must_not=("liver-resection", "liver-transplant", "hemicolectomy", "debulking-surgery"),
        because={
            "rfa": RFA,
            "tae": LIVER_OPTIONS + " " + TAE,
            "sirt": LIVER_OPTIONS + " " + SIRT,
            "targeted-drugs": CANT_HAVE_SURGERY,
            **dict.fromkeys(
                ("liver-resection", "liver-transplant", "hemicolectomy", "debulking-surgery"),
                CANT_HAVE_SURGERY,
            ),
        },
    ),
    s(
        "duodenum-large-resectable",
        {
            "kind": "net",
            "site": "duodenum",
            "spread": "none",
            "size": "over-2cm",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        fit={"whipple": "matches", "curative-surgery": "matches"},
        must_not=("local-excision",),
        # 003 gives endoscopic resection no size: over 2 cm the team says (never a plain match).
        not_matching=("endoscopic-resection",),
        because={
            "whipple": WHIPPLE_DUODENUM,
            "curative-surgery": CURATIVE,
            "local-excision": LOCAL_EXCISION,
            "endoscopic-resection": ENDOSCOPIC,
        },
    ),
    s(
        "stomach-spread-other-treatments-not-working",
        {
            "kind": "net",
            "site": "stomach",
            "spread": "liver",
            "previous": "other-treatments-not-working",
        },
        must=("targeted-drugs",),
        why_mentions={"targeted-drugs": "other treatments aren't working"},
        because={"targeted-drugs": STOMACH_EVEROLIMUS},
    ),
    s(
        "nec-lung-localised",
        {"kind": "nec", "site": "lung", "spread": "none", "fit_for_surgery": "yes"},
        fit={"chemotherapy-nec": "matches", "surgery": "matches"},
        notes_for=("nec", "lung"),
        because={
            "chemotherapy-nec": NEC_CHEMO,
            "surgery": NEC_SURGERY,
            "nec": NEC_HIGH_GRADE,
            "lung": LUNG,
        },
    ),
    s(
        "other-site-spread-elsewhere",
        {
            "kind": "net",
            "site": "other",
            "spread": "elsewhere",
            "fit_for_surgery": "no",
            "sstr": "negative",
        },
        must=("chemotherapy-net", "targeted-drugs"),
        must_not=(*LIVER_ONLY, "prrt", "somatostatin-analogues"),
        because={
            "chemotherapy-net": CHEMO_SPREAD,
            "targeted-drugs": OTHER_IF_SPREAD,
            **dict.fromkeys(LIVER_ONLY, NO_LIVER_SPREAD),
            "prrt": PRRT_DIGESTIVE,
            "somatostatin-analogues": SSA_NEGATIVE,
        },
    ),
    s(
        "fit-for-surgery-unsure",
        {
            "kind": "net",
            "site": "stomach",
            "spread": "none",
            "size": "over-2cm",
            "resectable": "yes",
        },
        fit={"curative-surgery": "depends", "partial-gastrectomy": "depends"},
        open_on={"curative-surgery": "fit_for_surgery", "partial-gastrectomy": "fit_for_surgery"},
        because={
            "curative-surgery": CANT_HAVE_SURGERY + " " + CURATIVE,
            "partial-gastrectomy": CANT_HAVE_SURGERY + " " + GASTRECTOMY,
        },
    ),
    s(
        "small-bowel-spread-elsewhere-only",
        {"kind": "net", "site": "small-bowel", "spread": "elsewhere", "fit_for_surgery": "yes"},
        must=("radiation-therapy", "biological-therapy"),
        must_not=(*LIVER_ONLY, "hepatic-artery-infusion"),
        because={
            "radiation-therapy": RADIATION,
            "biological-therapy": INTERFERON,
            **dict.fromkeys(LIVER_ONLY, NO_LIVER_SPREAD),
            "hepatic-artery-infusion": REGIONAL_CHEMO,
        },
    ),
    s(
        "came-back-stomach-ssa-not-controlling",
        {
            "kind": "net",
            "site": "stomach",
            "spread": "lymph-nodes",
            "came_back": "yes",
            "previous": "ssa-not-controlling",
            "sstr": "positive",
        },
        must=("chemotherapy-net", "targeted-drugs", "somatostatin-analogues"),
        why_mentions={"chemotherapy-net": "isn't controlling"},
        because={
            "chemotherapy-net": STOMACH_CHEMO,
            "targeted-drugs": OTHER_IF_BACK,
            "somatostatin-analogues": OTHER_IF_BACK + " " + SSA_PICKS_UP,
        },
    ),
    s(
        "small-bowel-carcinoid-syndrome-receptor-negative",
        {
            "kind": "net",
            "site": "small-bowel",
            "spread": "liver",
            "hormone_symptoms": "yes",
            "sstr": "negative",
        },
        # 002 says interferon "may" go with octreotide; no page ties interferon to the scan.
        fit={"somatostatin-analogues": "sources-differ", "biological-therapy": "matches"},
        because={
            "somatostatin-analogues": SUPPORTIVE_OCTREOTIDE + " " + SSA_NEGATIVE,
            "biological-therapy": (
                "002: 'Doctors may sometimes offer interferon alfa (Intron A, Wellferon), a"
                " biological therapy, for metastatic neuroendocrine tumours. It may be used in"
                " combination with octreotide'"
            ),
        },
    ),
    # ---- Audit of main (A1-A4): what the pages say, not more ------------------------------------
    s(
        "appendix-small-removed-but-spread-to-liver",
        {
            "kind": "net",
            "site": "appendix",
            "found_at_appendectomy": "yes",
            "size": "up-to-2cm",
            "spread": "liver",
            "resectable": "no",
            "fit_for_surgery": "yes",
        },
        must=("surgery", "debulking-surgery"),
        because={
            # 003 speaks of a small NET found in the appendix, not of one that has spread.
            "surgery": APPENDIX_SMALL + " " + OPERATION_ANYWAY,
            "debulking-surgery": PALLIATIVE,
        },
    ),
    s(
        "appendix-small-removed-lymph-nodes-resectable",
        {
            "kind": "net",
            "site": "appendix",
            "found_at_appendectomy": "yes",
            "size": "up-to-2cm",
            "spread": "lymph-nodes",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        must=("surgery", "curative-surgery"),
        because={
            "surgery": APPENDIX_SMALL + " " + NET_MAIN_SURGERY,
            "curative-surgery": CURATIVE,
        },
    ),
    s(
        "appendix-small-removed-came-back",
        {
            "kind": "net",
            "site": "appendix",
            "found_at_appendectomy": "yes",
            "size": "up-to-2cm",
            "spread": "none",
            "came_back": "yes",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        must=("surgery", "curative-surgery"),
        because={
            "surgery": APPENDIX_SMALL + " " + OTHER_IF_BACK,
            "curative-surgery": CURATIVE,
        },
    ),
    s(
        "appendix-small-removed-came-back-unsure",
        {
            "kind": "net",
            "site": "appendix",
            "found_at_appendectomy": "yes",
            "size": "up-to-2cm",
            "spread": "none",
            "came_back": "unsure",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        # Not known to have come back: the page's "no other surgery is needed" stands, so an
        # operation is for if it has come back, and says what that answer would do.
        fit={"surgery": "if-it-comes-back"},
        open_on={"surgery": "came_back"},
        because={"surgery": APPENDIX_SMALL + " " + OTHER_IF_BACK},
    ),
    s(
        "nec-appendix-small-removed-not-spread",
        {
            "kind": "nec",
            "site": "appendix",
            "found_at_appendectomy": "yes",
            "size": "up-to-2cm",
            "spread": "none",
            "came_back": "no",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        must=("surgery",),
        because={"surgery": NEC_SURGERY + " " + APPENDIX_SMALL},
    ),
    s(
        "urgent-somatostatin-part-receptor-negative",
        {
            "kind": "net",
            "site": "small-bowel",
            "grade": "2",
            "spread": "liver",
            "resectable": "no",
            "fit_for_surgery": "no",
            "sstr": "negative",
            "hormone_symptoms": "yes",
            "severe_symptoms": "heavy-diarrhoea",
        },
        part_fit={
            "urgent-symptom-control/somatostatin-medicines": "sources-differ",
            "urgent-symptom-control/fluids-through-a-drip": "matches",
        },
        fit={"somatostatin-analogues": "sources-differ"},
        because={
            "urgent-symptom-control/somatostatin-medicines": SSA_NEGATIVE
            + " "
            + SUPPORTIVE_OCTREOTIDE,
            "urgent-symptom-control/fluids-through-a-drip": URGENT_DRIP,
            "somatostatin-analogues": SSA_NEGATIVE + " " + SUPPORTIVE_OCTREOTIDE,
        },
    ),
    s(
        "pancreas-resectable-grade-1",
        {
            "kind": "net",
            "site": "pancreas",
            "grade": "1",
            "spread": "none",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        fit={"whipple": "depends", "curative-surgery": "depends"},
        why_mentions={"whipple": "does not say whether", "curative-surgery": "only your team"},
        because={
            "whipple": WHIPPLE_PANCREAS,
            "curative-surgery": CURATIVE + " 003: 'The two surgical approaches used for"
            " gastrointestinal (GI) neuroendocrine tumors (NETs) are:'",
        },
    ),
    s(
        "nec-lung-spread-weight-loss",
        {
            "kind": "nec",
            "site": "lung",
            "spread": "elsewhere",
            "fit_for_surgery": "no",
            "severe_symptoms": "weight-loss",
        },
        fit={"urgent-symptom-control": "depends"},
        parts={"urgent-symptom-control": ("drip-or-tube-feeding",)},
        because={"urgent-symptom-control": URGENT_FEEDING},
    ),
    s(
        "nec-small-bowel-heavy-diarrhoea",
        {
            "kind": "nec",
            "site": "small-bowel",
            "spread": "none",
            "fit_for_surgery": "yes",
            "severe_symptoms": "heavy-diarrhoea",
        },
        fit={"urgent-symptom-control": "depends"},
        parts={"urgent-symptom-control": ("fluids-through-a-drip",)},
        because={"urgent-symptom-control": URGENT_DRIP},
    ),
    # ---- Audit of main (A5-A7) -----------------------------------------------------------------
    s(
        "rectum-lower-large-not-through-the-anus-plainly",
        {
            "kind": "net",
            "site": "rectum",
            "rectum_part": "lower",
            "size": "over-2cm",
            "spread": "none",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        # 003 mentions removal through the anus inside the local excision section (small NETs).
        fit={"transanal-removal": "depends", "ap-resection": "matches"},
        because={
            "transanal-removal": LOCAL_EXCISION + " " + TRANSANAL,
            "ap-resection": AP,
        },
    ),
    s(
        "stomach-large-endoscope-size-for-the-team",
        {
            "kind": "net",
            "site": "stomach",
            "grade": "1",
            "size": "over-2cm",
            "spread": "none",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        # 003 says "small" for endoscopic resection but gives no size: the team says.
        fit={"endoscopic-resection": "depends"},
        because={"endoscopic-resection": ENDOSCOPIC},
    ),
    s(
        "appendix-large-not-yet-removed-appendectomy-depends",
        {
            "kind": "net",
            "site": "appendix",
            "found_at_appendectomy": "no",
            "size": "over-2cm",
            "spread": "lymph-nodes",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        fit={"appendectomy": "depends"},
        because={"appendectomy": APPENDIX_LARGE},
    ),
    s(
        "small-bowel-interferon-receptor-negative",
        {
            "kind": "net",
            "site": "small-bowel",
            "grade": "2",
            "spread": "liver",
            "resectable": "no",
            "fit_for_surgery": "no",
            "sstr": "negative",
            "hormone_symptoms": "no",
            "previous": "ssa-not-controlling",
        },
        fit={"biological-therapy": "matches"},
        because={"biological-therapy": INTERFERON},
    ),
    # ---- Content fixes after the audit (A8, A9) and the session's notes --------------------------
    # Merkel cell carcinoma: one page calls it a type of NET, none says how it is treated, and the
    # treatment depends on the type: the NET options wait on the team's word, never match.
    s(
        "merkel-cell-localised-surgery-waits-on-the-team",
        {
            "kind": "net",
            "site": "skin",
            "spread": "none",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        must=("surgery", "clinical-trials"),
        fit={"surgery": "depends", "clinical-trials": "matches"},
        team_asks={"surgery": "Merkel cell carcinoma"},
        notes_for=("merkel-cell",),
        because={
            "surgery": TYPE_DECIDES,
            "clinical-trials": TRIAL,
            "merkel-cell": MERKEL + " " + GENERAL_OVERVIEW,
        },
    ),
    s(
        "merkel-cell-spread-no-net-option-matches",
        {
            "kind": "net",
            "site": "skin",
            "grade": "2",
            "spread": "liver",
            "resectable": "no",
            "fit_for_surgery": "yes",
            "sstr": "positive",
            "hormone_symptoms": "yes",
        },
        must=NET_OPTIONS_SKIN,
        not_matching=NET_OPTIONS_SKIN,
        team_asks=dict.fromkeys(NET_OPTIONS_SKIN, "Merkel cell carcinoma"),
        fit={"clinical-trials": "matches"},
        notes_for=("merkel-cell",),
        because={
            **dict.fromkeys(NET_OPTIONS_SKIN, TYPE_DECIDES + " " + OTHER_IF_SPREAD),
            "clinical-trials": TRIAL,
            "merkel-cell": MERKEL,
        },
    ),
    # The Whipple operation: its risk goes with the reason it is offered.
    s(
        "duodenum-small-whipple-reason-names-its-risk",
        {
            "kind": "net",
            "site": "duodenum",
            "grade": "1",
            "size": "up-to-2cm",
            "spread": "none",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        must=("whipple", "endoscopic-resection"),
        why_mentions={"whipple": "relatively high risk of complications"},
        because={
            "whipple": WHIPPLE_DUODENUM + " " + WHIPPLE_RISK,
            "endoscopic-resection": ENDOSCOPIC,
        },
    ),
    s(
        "pancreas-whipple-reason-names-its-risk",
        {"kind": "net", "site": "pancreas", "spread": "none", "resectable": "yes"},
        must=("whipple",),
        why_mentions={"whipple": "relatively high risk of complications"},
        because={"whipple": WHIPPLE_PANCREAS + " " + WHIPPLE_RISK},
    ),
    # Debulking for a NEC: the reason says what the NEC section says of surgery.
    s(
        "nec-colon-not-spread-unresectable-debulking-says-not-spread",
        {
            "kind": "nec",
            "site": "colon",
            "spread": "none",
            "resectable": "no",
            "fit_for_surgery": "yes",
        },
        must=("debulking-surgery", "chemotherapy-nec"),
        why_mentions={"debulking-surgery": "if the cancer hasn't spread"},
        because={"debulking-surgery": NEC_DEBULKING, "chemotherapy-nec": NEC_CHEMO},
    ),
    # Urgent symptom control: "well enough for surgery" only where surgery is not ruled out.
    s(
        "urgent-unfit-no-surgery-readiness-aim",
        {
            "kind": "net",
            "site": "stomach",
            "grade": "2",
            "spread": "liver",
            "resectable": "no",
            "fit_for_surgery": "no",
            "hormone_symptoms": "yes",
            "severe_symptoms": "heavy-diarrhoea",
        },
        must=("urgent-symptom-control",),
        aims_have={"urgent-symptom-control": "feel better"},
        aims_lack={"urgent-symptom-control": "well enough for surgery"},
        because={"urgent-symptom-control": READY_FOR_SURGERY + " " + CANT_HAVE_SURGERY},
    ),
    s(
        "urgent-unresectable-no-surgery-readiness-aim",
        {
            "kind": "net",
            "site": "small-bowel",
            "spread": "liver",
            "resectable": "no",
            "fit_for_surgery": "yes",
            "hormone_symptoms": "yes",
        },
        must=("urgent-symptom-control",),
        aims_lack={"urgent-symptom-control": "well enough for surgery"},
        because={"urgent-symptom-control": READY_FOR_SURGERY},
    ),
    s(
        "urgent-surgery-possible-keeps-surgery-readiness-aim",
        {
            "kind": "net",
            "site": "small-bowel",
            "spread": "liver",
            "resectable": "yes",
            "fit_for_surgery": "yes",
            "hormone_symptoms": "yes",
        },
        aims_have={"urgent-symptom-control": "well enough for surgery"},
        because={"urgent-symptom-control": READY_FOR_SURGERY},
    ),
    s(
        "urgent-fitness-unsure-keeps-surgery-readiness-aim",
        {"kind": "net", "site": "small-bowel", "hormone_symptoms": "yes"},
        aims_have={"urgent-symptom-control": "well enough for surgery"},
        because={"urgent-symptom-control": READY_FOR_SURGERY},
    ),
    # Debulking: the stomach page's quality-of-life aim is for a stomach NET that has spread.
    s(
        "small-bowel-debulking-no-stomach-aim",
        {
            "kind": "net",
            "site": "small-bowel",
            "spread": "liver",
            "resectable": "no",
            "fit_for_surgery": "yes",
        },
        must=("debulking-surgery",),
        aims_lack={"debulking-surgery": "stomach"},
        because={"debulking-surgery": STOMACH_QUALITY_OF_LIFE + " " + PALLIATIVE},
    ),
    s(
        "stomach-spread-debulking-keeps-stomach-aim",
        {
            "kind": "net",
            "site": "stomach",
            "spread": "liver",
            "resectable": "no",
            "fit_for_surgery": "yes",
        },
        aims_have={"debulking-surgery": "good quality of life"},
        because={"debulking-surgery": STOMACH_QUALITY_OF_LIFE},
    ),
    # "How big was the tumour in my appendix?" is a question about the appendix only.
    s(
        "small-bowel-size-unsure-no-appendix-question",
        {"kind": "net", "site": "small-bowel", "spread": "liver"},
        asks_not=("appendix-size",),
        because={"appendix-size": APPENDIX_ONLY},
    ),
    s(
        "appendix-size-unsure-asks-the-appendix-question",
        {"kind": "net", "site": "appendix", "found_at_appendectomy": "yes"},
        asks=("appendix-size",),
        because={"appendix-size": APPENDIX_ONLY},
    ),
    # After "No treatment yet" there is no treatment for it to have come back after.
    s(
        "no-treatment-yet-not-asked-whether-it-came-back",
        {
            "kind": "net",
            "site": "small-bowel",
            "spread": "none",
            "resectable": "yes",
            "fit_for_surgery": "yes",
            "sstr": "positive",
            "previous": "none",
        },
        must_not=("targeted-drugs",),
        not_asked=("came_back",),
        never_open_on=("came_back",),
        because={
            "targeted-drugs": OTHER_NOT_NEEDED,
            "came_back": BACK_AFTER_TREATMENT,
        },
    ),
    s(
        # "No treatment yet" after the appendix was taken out is refused (test_history_read.py).
        "appendix-small-found-not-back-no-more-surgery",
        {
            "kind": "net",
            "site": "appendix",
            "found_at_appendectomy": "yes",
            "size": "up-to-2cm",
            "spread": "none",
            "resectable": "yes",
            "fit_for_surgery": "yes",
            "came_back": "no",
        },
        fit={"appendectomy": "done"},
        must_not=("surgery", "curative-surgery", "more-surgery-after-appendectomy"),
        never_open_on=("came_back",),
        because={
            "appendectomy": APPENDIX_FOUND + " " + APPENDIX_SMALL,
            "surgery": APPENDIX_SMALL,
            "curative-surgery": APPENDIX_SMALL,
            "more-surgery-after-appendectomy": APPENDIX_SMALL,
            "came_back": BACK_AFTER_TREATMENT,
        },
    ),
    # ---- A person's history (issue 21) ----------------------------------------------------------
    *(
        s(
            f"{site}-operation-removed-it-not-back",
            {
                "kind": "net",
                "site": site,
                "spread": "none",
                "previous": "surgery",
                "came_back": "no",
                "fit_for_surgery": "yes",
            },
            fit={
                "surgery": "done",
                "debulking-surgery": "if-it-comes-back",
                "targeted-drugs": "if-it-comes-back",
                **dict.fromkeys(("curative-surgery", *ops), "if-it-comes-back"),
            },
            not_asked=("resectable",),
            never_open_on=("resectable", "came_back"),
            follows={"surgery": "ask your team what follow-up"},
            asks=("follow-up",),
            because={
                "surgery": NO_FOLLOW_UP,
                "debulking-surgery": REMOVED_THEN_OTHERS + " " + OPERATION_ANYWAY,
                "targeted-drugs": REMOVED_THEN_OTHERS,
                "curative-surgery": REMOVED_THEN_OTHERS,
                **dict.fromkeys(ops, REMOVED_THEN_OTHERS),
                "resectable": REMOVED_THEN_OTHERS,
                "came_back": REMOVED_THEN_OTHERS,
                "follow-up": NO_FOLLOW_UP,
            },
        )
        for site, ops in (
            ("small-bowel", ("small-bowel-resection", "hemicolectomy", "local-excision")),
            ("stomach", ("partial-gastrectomy", "endoscopic-resection", "local-excision")),
            ("rectum", ("transanal-removal", "endoscopic-resection")),
        )
    ),
    *(
        s(
            f"{site}-operation-removed-it-came-back",
            {
                "kind": "net",
                "site": site,
                "spread": "liver",
                "previous": "surgery",
                "came_back": "yes",
                "fit_for_surgery": "yes",
            },
            fit={"surgery": "done", "targeted-drugs": "matches"},
            open_on={"curative-surgery": "resectable"},
            must=("liver-resection", "tae"),
            because={
                "surgery": NO_FOLLOW_UP,
                "targeted-drugs": OTHER_IF_BACK,
                "curative-surgery": CURATIVE,
                "liver-resection": LIVER_SURGERY,
                "tae": TAE,
            },
        )
        for site in ("small-bowel", "colon")
    ),
    *(
        s(
            f"appendix-small-found-at-appendectomy-{how}",
            {
                "kind": "net",
                "site": "appendix",
                "found_at_appendectomy": "yes",
                "size": "up-to-2cm",
                "spread": "none",
                **given,
            },
            fit={
                "appendectomy": "done",
                "debulking-surgery": "if-it-comes-back",
                "somatostatin-analogues": "if-it-comes-back",
                "targeted-drugs": "if-it-comes-back",
            },
            must_not=("surgery", "curative-surgery", "more-surgery-after-appendectomy"),
            not_asked=("resectable",),
            follows={"appendectomy": "no other surgery is needed"},
            first_screen=("2 cm or less", "no other surgery is needed"),
            because={
                "appendectomy": APPENDIX_SMALL,
                "first_screen": APPENDIX_SMALL,
                "debulking-surgery": APPENDIX_SMALL + " " + OTHER_NOT_NEEDED,
                "somatostatin-analogues": APPENDIX_SMALL + " " + OTHER_NOT_NEEDED,
                "targeted-drugs": APPENDIX_SMALL + " " + OTHER_NOT_NEEDED,
                "surgery": APPENDIX_SMALL,
                "curative-surgery": APPENDIX_SMALL,
                "more-surgery-after-appendectomy": APPENDIX_SMALL,
                "resectable": APPENDIX_FOUND,
            },
        )
        for how, given in (("not-back", {"came_back": "no"}),)
    ),
    *(
        s(
            f"appendix-large-found-at-appendectomy-{spread}",
            {
                "kind": "net",
                "site": "appendix",
                "found_at_appendectomy": "yes",
                "size": "over-2cm",
                "spread": spread,
                "fit_for_surgery": "yes",
            },
            fit={"appendectomy": "done"},
            must=("more-surgery-after-appendectomy",),
            follows={"appendectomy": "more surgery may be needed"},
            first_screen=("more surgery may be needed",),
            because={
                "appendectomy": APPENDIX_LARGE,
                "first_screen": APPENDIX_LARGE,
                "more-surgery-after-appendectomy": APPENDIX_LARGE,
            },
        )
        for spread in ("none", "lymph-nodes")
    ),
    s(
        "stomach-ssa-not-controlling",
        {
            "kind": "net",
            "site": "stomach",
            "spread": "liver",
            "previous": "ssa-not-controlling",
            "came_back": "no",
        },
        fit={"somatostatin-analogues": "done", "chemotherapy-net": "matches"},
        follows={"somatostatin-analogues": "chemotherapy"},
        asks=("follow-up",),
        because={
            "somatostatin-analogues": SSA_NOT_CONTROLLING_CHEMO,
            "chemotherapy-net": SSA_NOT_CONTROLLING_CHEMO,
            "follow-up": SSA_NOT_CONTROLLING_CHEMO,
        },
    ),
    s(
        "small-bowel-ssa-not-controlling",
        {
            "kind": "net",
            "site": "small-bowel",
            "spread": "liver",
            "previous": "ssa-not-controlling",
            "hormone_symptoms": "yes",
        },
        fit={"somatostatin-analogues": "done"},
        follows={"somatostatin-analogues": "ask your team what the next step would be"},
        must=("chemotherapy-net", "targeted-drugs"),
        because={
            "somatostatin-analogues": SSA_NOT_CONTROLLING_CHEMO,
            "chemotherapy-net": CHEMO_SPREAD,
            "targeted-drugs": OTHER_IF_SPREAD,
        },
    ),
    *(
        s(
            f"{site}-ssa-controlling",
            {
                "kind": "net",
                "site": site,
                "spread": "liver",
                "previous": "ssa-controlling",
                "sstr": "positive",
                "hormone_symptoms": "yes",
            },
            fit={"somatostatin-analogues": "done"},
            follows={"somatostatin-analogues": "do not say how long"},
            because={"somatostatin-analogues": SSA_PICKS_UP},
        )
        for site in ("pancreas", "small-bowel")
    ),
    *(
        s(
            f"{site}-other-treatments-not-working",
            {
                "kind": "net",
                "site": site,
                "spread": "liver",
                "previous": "other-treatments-not-working",
            },
            fit={"targeted-drugs": "matches"},
            because={"targeted-drugs": quote},
        )
        for site, quote in (("stomach", STOMACH_EVEROLIMUS), ("pancreas", OTHER_IF_SPREAD))
    ),
    s(
        "nec-operation-removed-it",
        {
            "kind": "nec",
            "site": "colon",
            "spread": "none",
            "previous": "surgery",
            "came_back": "no",
        },
        fit={"surgery": "done", "chemotherapy-nec": "matches"},
        must_not=("curative-surgery", "targeted-drugs", "somatostatin-analogues"),
        because={
            "surgery": NO_FOLLOW_UP,
            "chemotherapy-nec": NEC_ADJUVANT,
            "curative-surgery": REMOVED_THEN_OTHERS,
            "targeted-drugs": NEC_DIFFERENT,
            "somatostatin-analogues": NEC_DIFFERENT,
        },
    ),
    # ---- The content the audit found (issue 21) -------------------------------------------------
    s(
        "nec-chemoradiotherapy-for-some",
        {"kind": "nec", "site": "colon", "spread": "none"},
        fit={"chemoradiotherapy": "depends"},
        team_asks={"chemoradiotherapy": "given with radiotherapy"},
        aims_have={"chemotherapy-nec": "destroy cancer cells"},
        because={"chemoradiotherapy": SOME_NECS_RADIO, "chemotherapy-nec": CHEMO_DESTROYS},
    ),
    s(
        "stomach-small-partial-gastrectomy-is-for-larger",
        {
            "kind": "net",
            "site": "stomach",
            "spread": "none",
            "size": "up-to-2cm",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        fit={"partial-gastrectomy": "depends", "endoscopic-resection": "matches"},
        team_asks={"partial-gastrectomy": "larger operation"},
        because={
            "partial-gastrectomy": LARGER_OPERATION,
            "endoscopic-resection": ENDOSCOPE_SMALL,
        },
    ),
    s(
        "stomach-large-endoscope-asks-if-too-large",
        {
            "kind": "net",
            "site": "stomach",
            "spread": "none",
            "size": "over-2cm",
            "resectable": "yes",
            "fit_for_surgery": "yes",
        },
        fit={"endoscopic-resection": "depends", "partial-gastrectomy": "matches"},
        team_asks={"endoscopic-resection": "too large"},
        because={
            "endoscopic-resection": ENDOSCOPE_SMALL,
            "partial-gastrectomy": LARGER_OPERATION,
        },
    ),
    s(
        "liver-spread-chemotherapy-aim",
        {"kind": "net", "site": "pancreas", "spread": "liver"},
        must=("chemotherapy-net",),
        aims_have={"chemotherapy-net": "won't get rid of the NET"},
        aims_lack={"chemotherapy-net": "somatostatin analogues are not controlling"},
        because={"chemotherapy-net": OTHER_TREATMENTS_AIM},
    ),
    s(
        "lung-unresectable-only-what-the-pages-give-for-the-lung",
        {"kind": "net", "site": "lung", "spread": "liver", "resectable": "no"},
        must=("debulking-surgery", "tace"),
        why_mentions={"debulking-surgery": "overview page", "tace": "overview page"},
        because={"debulking-surgery": GI_ONLY, "tace": TACE},
    ),
    s(
        "summary-questions-follow-the-answers",
        {
            "kind": "net",
            "site": "pancreas",
            "grade": "1",
            "spread": "liver",
            "sstr": "positive",
            "fit_for_surgery": "no",
            "previous": "none",
        },
        must=("prrt", "rfa"),
        asks_not=(
            "stage",
            "grade-and-prrt",
            "fit-for-surgery",
            "liver-options",
            "not-working-or-back",
        ),
        because={
            "prrt": PRRT_CONDITIONS,
            "rfa": RFA,
            "stage": PRRT_CONDITIONS,
            "grade-and-prrt": PRRT_CONDITIONS,
            "fit-for-surgery": OTHER_IF_NO_SURGERY,
            "liver-options": RFA,
            "not-working-or-back": OTHER_IF_BACK,
        },
    ),
    # ---- What remained of issue 21: whether it came back not answered ---------------------------
    # A small appendix NET found when the appendix was removed: the page's sentence rests on the
    # tumour found, not on whether it came back. Not known: the sentence on the first screen, and
    # every other option, an operation too, waits under "If it comes back", saying what a yes does.
    *(
        s(
            f"appendix-small-found-at-appendectomy-coming-back-{how}",
            {
                "kind": "net",
                "site": "appendix",
                "found_at_appendectomy": "yes",
                "size": "up-to-2cm",
                "spread": "none",
                **given,
            },
            fit={
                "appendectomy": "done",
                "surgery": "if-it-comes-back",
                "curative-surgery": "if-it-comes-back",
                "debulking-surgery": "if-it-comes-back",
                "somatostatin-analogues": "if-it-comes-back",
                "targeted-drugs": "if-it-comes-back",
            },
            open_on={"targeted-drugs": "came_back", "surgery": "came_back"},
            must_not=("more-surgery-after-appendectomy", "local-excision", "endoscopic-resection"),
            not_asked=("resectable",),
            follows={"appendectomy": "no other surgery is needed"},
            first_screen=("2 cm or less", "no other surgery is needed"),
            asks=("follow-up", "not-working-or-back"),
            because={
                "appendectomy": APPENDIX_SMALL,
                "first_screen": APPENDIX_SMALL,
                "surgery": APPENDIX_SMALL + " " + BACK_AFTER_TREATMENT,
                "curative-surgery": APPENDIX_SMALL + " " + BACK_AFTER_TREATMENT,
                "debulking-surgery": APPENDIX_SMALL + " " + OTHER_NOT_NEEDED,
                "somatostatin-analogues": APPENDIX_SMALL + " " + OTHER_NOT_NEEDED,
                "targeted-drugs": APPENDIX_SMALL + " " + OTHER_NOT_NEEDED,
                "more-surgery-after-appendectomy": APPENDIX_SMALL,
                "local-excision": APPENDIX_SMALL,
                "endoscopic-resection": APPENDIX_SMALL,
                "resectable": APPENDIX_FOUND,
                "follow-up": APPENDIX_SMALL + " " + BACK_AFTER_TREATMENT,
                "not-working-or-back": BACK_AFTER_TREATMENT,
            },
        )
        for how, given in (("not-answered", {}), ("unsure", {"came_back": "unsure"}))
    ),
    # An operation removed it, and whether it came back is not known: the operation is had
    # already (never offered again as if not), and what the pages give for a NET that comes back
    # waits under "If it comes back", with what "it has come back" would do.
    *(
        s(
            f"{site}-operation-removed-it-not-sure-if-back",
            {
                "kind": "net",
                "site": site,
                "spread": "none",
                "previous": "surgery",
                "fit_for_surgery": "yes",
            },
            fit={
                "surgery": "done",
                "curative-surgery": "if-it-comes-back",
                "debulking-surgery": "if-it-comes-back",
                "targeted-drugs": "if-it-comes-back",
                **dict.fromkeys(ops, "if-it-comes-back"),
            },
            open_on={"targeted-drugs": "came_back", "curative-surgery": "came_back"},
            follows={"surgery": "ask your team what follow-up"},
            asks=("follow-up", "not-working-or-back"),
            because={
                "surgery": NO_FOLLOW_UP,
                "curative-surgery": REMOVED_THEN_OTHERS,
                "debulking-surgery": REMOVED_THEN_OTHERS + " " + OPERATION_ANYWAY,
                "targeted-drugs": REMOVED_THEN_OTHERS,
                **dict.fromkeys(ops, REMOVED_THEN_OTHERS),
                "follow-up": NO_FOLLOW_UP,
                "not-working-or-back": OTHER_IF_BACK,
            },
        )
        for site, ops in (
            ("small-bowel", ("small-bowel-resection", "hemicolectomy")),
            ("stomach", ("partial-gastrectomy",)),
        )
    ),
    s(
        "nec-operation-removed-it-not-sure-if-back",
        {"kind": "nec", "site": "colon", "spread": "none", "previous": "surgery"},
        fit={"surgery": "done", "chemotherapy-nec": "matches"},
        must_not=("curative-surgery", "targeted-drugs"),
        aims_lack={"chemotherapy-nec": "NET"},
        because={
            "surgery": NO_FOLLOW_UP,
            "chemotherapy-nec": NEC_ADJUVANT,
            "curative-surgery": NEC_DIFFERENT,
            "targeted-drugs": NEC_DIFFERENT,
        },
    ),
    # The main option for a NEC that hasn't spread: the hormone sentence is about a NET, and no
    # page says what surgery for a NEC aims at: the row says so and gives the question.
    s(
        "nec-surgery-aim-not-the-net-hormone-sentence",
        {"kind": "nec", "site": "colon", "spread": "none", "fit_for_surgery": "yes"},
        must=("surgery", "chemotherapy-nec"),
        aims_lack={"surgery": "hormones"},
        aims_have={"chemotherapy-nec": "destroy cancer cells"},
        because={
            "surgery": NET_HORMONE_SURGERY + " " + NEC_SURGERY_IF_NOT_SPREAD,
            "chemotherapy-nec": CHEMO_DESTROYS,
        },
    ),
    s(
        "net-surgery-keeps-the-hormone-aim",
        {"kind": "net", "site": "small-bowel", "spread": "none", "hormone_symptoms": "yes"},
        aims_have={"surgery": "symptoms caused by hormones"},
        because={"surgery": NET_HORMONE_SURGERY},
    ),
    # The questions to ask follow the answers.
    s(
        "questions-grade-given-no-grade-question",
        {"kind": "net", "site": "pancreas", "grade": "2", "sstr": "positive"},
        must=("prrt",),
        asks=("stage",),
        asks_not=("grade-and-prrt",),
        because={
            "prrt": PRRT_CONDITIONS,
            "stage": PLANNED_BY,
            "grade-and-prrt": PLANNED_BY,
        },
    ),
    s(
        "questions-not-back-no-coming-back-question",
        {
            "kind": "net",
            "site": "pancreas",
            "spread": "liver",
            "previous": "ssa-not-controlling",
            "came_back": "no",
        },
        must=("targeted-drugs",),
        asks_not=("not-working-or-back",),
        because={"targeted-drugs": OTHER_IF_SPREAD, "not-working-or-back": OTHER_IF_BACK},
    ),
    s(
        "questions-nec-cannot-have-surgery-no-surgery-timing",
        {"kind": "nec", "site": "pancreas", "spread": "none", "fit_for_surgery": "no"},
        must=("chemotherapy-nec",),
        must_not=("surgery",),
        asks=("chemo-for-nec",),
        asks_not=("chemo-and-surgery", "fit-for-surgery", "can-all-be-removed", "liver-options"),
        because={
            "chemotherapy-nec": NEC_CHEMO_ALONE,
            "surgery": OTHER_IF_NO_SURGERY,
            "chemo-for-nec": NEC_CHEMO,
            "chemo-and-surgery": NEC_CHEMO_ALONE + " " + OTHER_IF_NO_SURGERY,
            "fit-for-surgery": OTHER_IF_NO_SURGERY,
            "can-all-be-removed": OTHER_IF_NO_SURGERY,
            "liver-options": OTHER_IF_NO_SURGERY,
        },
    ),
    # Taken out and not come back: no question about being well enough for surgery, whether
    # surgery could remove it all, or a scan for the treatments that wait for if it comes back.
    *(
        s(
            f"questions-{name}-no-surgery-or-scan-questions",
            {"kind": "net", "spread": "none", "came_back": "no", "sstr": "unsure", **given},
            asks=("follow-up",),
            asks_not=("fit-for-surgery", "can-all-be-removed", "receptor-scan"),
            because={
                "follow-up": quote,
                "fit-for-surgery": quote,
                "can-all-be-removed": quote,
                "receptor-scan": quote + " " + OTHER_IF_BACK,
            },
        )
        for name, given, quote in (
            ("removed", {"site": "small-bowel", "previous": "surgery"}, REMOVED_THEN_OTHERS),
            (
                "small-appendix",
                {"site": "appendix", "found_at_appendectomy": "yes", "size": "up-to-2cm"},
                APPENDIX_SMALL,
            ),
        )
    ),
    s(
        "questions-nec-not-spread-asks-surgery-timing",
        {"kind": "nec", "site": "pancreas", "spread": "none", "fit_for_surgery": "yes"},
        asks=("chemo-for-nec", "chemo-and-surgery"),
        because={
            "chemo-for-nec": NEC_CHEMO,
            "chemo-and-surgery": NEC_SURGERY_IF_NOT_SPREAD_CHEMO,
        },
    ),
]


# ----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def kb() -> m.KnowledgeBase:
    """The shipped knowledge base, loaded once without touching any cache."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NETCLI_NO_CACHE", "1")
        return open_kb(default_kb_path()).knowledge_base()


def _quote(scenario: Scenario, key: str) -> str:
    return scenario.because.get(key, "(no quotation)")


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[sc.name for sc in SCENARIOS])
def test_scenario(kb: m.KnowledgeBase, scenario: Scenario) -> None:
    result = assemble(kb, answers.check(scenario.answers, kb.questions), dt.date(2026, 1, 1))
    shown = {o.treatment.id: o for o in result.options}
    left_out = {x.treatment.id: x for x in result.excluded}

    # Invariants that hold whatever the situation.
    assert result.disclaimer.strip(), "the disclaimer is empty"
    assert not shown.keys() & left_out.keys(), (
        f"shown and excluded at once: {sorted(shown.keys() & left_out.keys())}"
    )
    for option in result.options:
        assert option.why_sources, f"{option.treatment.id} is shown without a source for why"
        assert engine.option_sources(option), f"{option.treatment.id} is shown without sources"
    assert result.options, "no options at all"

    problems: list[str] = []
    for tid in scenario.must:
        if tid not in shown:
            why = "; ".join(left_out[tid].why) if tid in left_out else "not listed at all"
            problems.append(
                f"MUST show {tid!r} but it is not among the options ({why}).\n"
                f"    because {_quote(scenario, tid)}"
            )
    for tid in scenario.must_not:
        if tid in shown:
            problems.append(
                f"MUST NOT show {tid!r} but it is an option ({shown[tid].fit}: "
                f"{'; '.join(shown[tid].why)}).\n    because {_quote(scenario, tid)}"
            )
    for tid, fit in scenario.fit.items():
        if tid in shown and shown[tid].fit != fit:
            problems.append(
                f"{tid!r} should fit {fit!r}, not {shown[tid].fit!r}.\n"
                f"    because {_quote(scenario, tid)}"
            )
        elif tid not in shown:
            problems.append(f"{tid!r} should be shown with fit {fit!r}, but it is not shown.")
    for tid in scenario.not_matching:
        if tid in shown and shown[tid].fit == "matches":
            problems.append(
                f"{tid!r} must not match plainly ({'; '.join(shown[tid].why)}).\n"
                f"    because {_quote(scenario, tid)}"
            )
    for tid, wanted in scenario.parts.items():
        have = [c.component.id for c in shown[tid].components] if tid in shown else []
        if not set(wanted) <= set(have):
            problems.append(
                f"{tid!r} should list the parts {wanted} (it lists {have}).\n"
                f"    because {_quote(scenario, tid)}"
            )
    for tid, key in scenario.open_on.items():
        keys = [d.key for d in shown[tid].depends_on] if tid in shown else []
        if key not in keys:
            problems.append(
                f"{tid!r} should say it depends on the answer to {key!r} (it depends on "
                f"{keys}).\n    because {_quote(scenario, tid)}"
            )
    for tid, words in scenario.why_mentions.items():
        why = " ".join(shown[tid].why) if tid in shown else ""
        if words.lower() not in why.lower():
            problems.append(
                f"{tid!r} should give {words!r} among its reasons; it says: {why!r}.\n"
                f"    because {_quote(scenario, tid)}"
            )
    for key, fit in scenario.part_fit.items():
        tid, _, cid = key.partition("/")
        have = {c.component.id: c.fit for c in shown[tid].components} if tid in shown else {}
        if have.get(cid) != fit:
            problems.append(
                f"{tid!r} should show its part {cid!r} as {fit!r} (parts: {have}).\n"
                f"    because {_quote(scenario, key)}"
            )
    shown_aims = {
        d.option.treatment.id: " ".join(a.text or "" for a in d.aims)
        for d in result.overview.details
    }
    for tid, words in scenario.aims_have.items():
        if words.lower() not in shown_aims.get(tid, "").lower():
            problems.append(
                f"{tid!r} should show an aim with {words!r}; it shows: "
                f"{shown_aims.get(tid)!r}.\n    because {_quote(scenario, tid)}"
            )
    for tid, words in scenario.aims_lack.items():
        if tid not in shown_aims:
            problems.append(f"{tid!r} should be shown (to check its aims), but it is not.")
        elif words.lower() in shown_aims[tid].lower():
            problems.append(
                f"{tid!r} must not show an aim with {words!r}; it shows: {shown_aims[tid]!r}."
                f"\n    because {_quote(scenario, tid)}"
            )
    for tid, words in scenario.team_asks.items():
        team = [d.question for d in shown[tid].depends_on if d.key is None] if tid in shown else []
        if not any(words.lower() in q.lower() for q in team):
            problems.append(
                f"{tid!r} should wait on the team's answer to a question with {words!r} (it "
                f"waits on {team}).\n    because {_quote(scenario, tid)}"
            )
    checked = answers.check(scenario.answers, kb.questions)
    by_key = {q.id: q for q in kb.questions}
    for key in scenario.not_asked:
        if answers.should_ask(by_key[key], checked):
            problems.append(
                f"the question {key!r} should not be asked here.\n    because "
                f"{_quote(scenario, key)}"
            )
    for key in scenario.never_open_on:
        waiting = [o.treatment.id for o in result.options if key in [d.key for d in o.depends_on]]
        if waiting:
            problems.append(
                f"no option should depend on {key!r}; these do: {waiting}.\n    because "
                f"{_quote(scenario, key)}"
            )
    if scenario.asks or scenario.asks_not:
        listed = [a.id for a in summary.summarise(kb, result, dt.date(2026, 1, 1)).ask]
        for aid in scenario.asks:
            if aid not in listed:
                problems.append(
                    f"the summary should list the question {aid!r} (it lists {listed}).\n"
                    f"    because {_quote(scenario, aid)}"
                )
        for aid in scenario.asks_not:
            if aid in listed:
                problems.append(
                    f"the summary must not list the question {aid!r}.\n    because "
                    f"{_quote(scenario, aid)}"
                )
    for tid, words in scenario.follows.items():
        after = " ".join(a.text for a in shown[tid].after) if tid in shown else ""
        if words.lower() not in after.lower():
            problems.append(
                f"{tid!r} should say what follows it with {words!r}; it says: {after!r}.\n"
                f"    because {_quote(scenario, tid)}"
            )
    groups = result.overview.groups if result.overview else []
    first = " ".join(x.text for g in groups if g.id == "done" for x in g.because)
    for words in scenario.first_screen:
        if words.lower() not in first.lower():
            problems.append(
                f"the first screen should say {words!r} of what was done; it says: {first!r}.\n"
                f"    because {_quote(scenario, 'first_screen')}"
            )
    sites = {site.id: site for site in kb.sites}
    for site_id in scenario.notes_for:
        note = sites[site_id].coverage_note
        if note is None or note not in result.notes:
            problems.append(
                f"the notes should include what the sources cover for {site_id!r}.\n"
                f"    because {_quote(scenario, site_id)}"
            )
    assert not problems, f"scenario {scenario.name}:\n  " + "\n  ".join(problems)


# ----------------------------------------------------------------------------------------------
# The suite itself: every expectation names its source, and every quotation is on its page.

SOURCES_DIR = Path(os.environ.get("NETCLI_SOURCES_DIR", "/work/shared/sources"))
QUOTE = re.compile(r"(\d{3}): '(.*?)'(?=\s+\d{3}: '|\s*$)", re.DOTALL)


def _normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace(" Open a glossary item", "")
    return re.sub(r"\s+", " ", text).strip()


def test_suite_has_enough_scenarios() -> None:
    assert len(SCENARIOS) >= 80
    assert len({sc.name for sc in SCENARIOS}) == len(SCENARIOS), "scenario names repeat"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[sc.name for sc in SCENARIOS])
def test_every_expectation_is_cited(kb: m.KnowledgeBase, scenario: Scenario) -> None:
    treatments = {t.id for t in kb.treatments}
    sites = {site.id for site in kb.sites}
    expected = {
        *scenario.must,
        *scenario.must_not,
        *scenario.not_matching,
        *scenario.parts,
        *scenario.fit,
        *scenario.open_on,
        *scenario.why_mentions,
        *scenario.aims_have,
        *scenario.aims_lack,
        *scenario.team_asks,
        *scenario.follows,
        *(key.partition("/")[0] for key in scenario.part_fit),
    }
    assert not set(scenario.must) & set(scenario.must_not)
    assert expected <= treatments, f"unknown treatment ids: {sorted(expected - treatments)}"
    assert set(scenario.notes_for) <= sites, f"unknown site ids: {scenario.notes_for}"
    questions = {q.id for q in kb.questions}
    assert {*scenario.not_asked, *scenario.never_open_on} <= questions
    assert {*scenario.asks, *scenario.asks_not} <= {a.id for a in kb.ask}
    uncited = (
        expected - {k.partition("/")[0] for k in scenario.part_fit}
        | set(scenario.notes_for)
        | set(scenario.part_fit)
        | {*scenario.not_asked, *scenario.never_open_on, *scenario.asks, *scenario.asks_not}
        | ({"first_screen"} if scenario.first_screen else set())
    ) - scenario.because.keys()
    assert not uncited, f"expectations without a quotation: {sorted(uncited)}"
    for key, text in scenario.because.items():
        assert QUOTE.findall(text), f"{key}: not in the form \"NNN: '...'\": {text!r}"


@pytest.mark.skipif(not SOURCES_DIR.is_dir(), reason="the saved source pages are not here")
def test_quotations_are_on_the_pages() -> None:
    pages = {p.name[:3]: _normalise(p.read_text("utf-8")) for p in SOURCES_DIR.glob("0*.txt")}
    missing = []
    cited = [(sc.name, sc.because) for sc in SCENARIOS] + [("audit", AUDIT_QUOTES)]
    for name, because in cited:
        for key, text in because.items():
            for page, quote in QUOTE.findall(text):
                for part in quote.split("..."):
                    part = _normalise(part)
                    if part and part not in pages.get(page, ""):
                        missing.append(f"{name}/{key}: {page} has no {part!r}")
    assert not missing, "\n".join(missing)


# ----------------------------------------------------------------------------------------------
# Checks of the audit's findings that are not about which options show (issue 21); each quotes the
# sentence it rests on, checked against the page like the scenarios' quotations.

AUDIT_QUOTES = {
    "nec-grade": NEC_HIGH_GRADE,
    "no-treatment-came-back": OTHER_IF_BACK,
    "stomach-not-cure": STOMACH_NOT_CURE,
    "merkel": MERKEL_NET,
    "lung": GI_ONLY,
    "ssa-drugs": SSA_NEGATIVE + " " + SUPPORTIVE_OCTREOTIDE,
    "endoscope": ENDOSCOPE_SMALL,
    "nec-notes": NEC_DIFFERENT,
    "merkel-only-where-merkel": TYPE_DECIDES,
    "not-said-back": OTHER_IF_BACK,
    "questions-follow-answers": PLANNED_BY + " " + OTHER_IF_BACK + " " + NEC_DIFFERENT,
}


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ({"kind": ["nec"], "grade": ["1"]}, "high grade"),  # NEC_HIGH_GRADE
        ({"kind": ["nec"], "grade": ["2"]}, "high grade"),
        ({"previous": ["none"], "came_back": ["yes"]}, "cannot have come back"),  # OTHER_IF_BACK
        ({"previous": ["ssa-controlling", "ssa-not-controlling"]}, "controlling"),
        ({"previous": ["other-treatments-working", "other-treatments-not-working"]}, "working"),
    ],
)
def test_contradicting_answers_are_refused(
    kb: m.KnowledgeBase, given: dict[str, list[str]], words: str
) -> None:
    with pytest.raises(UsageError, match="contradicts") as caught:
        answers.check(given, kb.questions)
    assert words in str(caught.value)


def test_a_nec_of_grade_3_is_accepted(kb: m.KnowledgeBase) -> None:
    assert answers.check({"kind": ["nec"], "grade": ["3"]}, kb.questions)["grade"] == ("3",)


def test_the_stomach_page_and_the_surgery_page_differ_on_curing_a_spread_net(
    kb: m.KnowledgeBase,
) -> None:
    """STOMACH_NOT_CURE: the real disagreement, instead of one that was not one."""
    [debulking] = [t for t in kb.treatments if t.id == "debulking-surgery"]
    sides = [{*p.sources} for d in debulking.disagreements for p in d.positions]
    assert {"cruk-stomach-spread"} in sides and {"acs-gi-surgery"} in sides
    assert all(
        "cruk-treatment-options" not in p.sources
        for d in debulking.disagreements
        for p in d.positions
    )


def test_merkel_cell_carcinoma_shows_both_pages(kb: m.KnowledgeBase) -> None:
    """MERKEL_NET: page 004 counts it among NETs; page 001 splits NETs from NECs."""
    [merkel] = [site for site in kb.sites if site.id == "merkel-cell"]
    pages = {src for d in merkel.disagreements for p in d.positions for src in p.sources}
    assert {"cruk-what-are", "cruk-treatment-options"} <= pages


def test_octreotide_and_lanreotide_carry_the_scan_disagreement(kb: m.KnowledgeBase) -> None:
    """SSA_NEGATIVE against SUPPORTIVE_OCTREOTIDE: each drug card says both sides."""
    for drug in (d for d in kb.drugs if d.id in ("octreotide", "lanreotide")):
        assert not [c for c in drug.caveats if "only work" in c.text], drug.id
        pages = {src for d in drug.disagreements for p in d.positions for src in p.sources}
        assert {"cruk-treatment-options", "ccs-small-intestine"} <= pages, drug.id


def test_lung_reasons_cite_no_digestive_only_page(kb: m.KnowledgeBase) -> None:
    """GI_ONLY: pages 000, 002 and 003 cover the digestive system only."""
    given = {"kind": ["net"], "site": ["lung"], "spread": ["liver"], "resectable": ["no"]}
    given |= {"hormone_symptoms": ["yes"]}
    result = engine.explore(kb, answers.check(given, kb.questions))
    digestive = {"acs-gi-surgery", "ccs-small-intestine", "cruk-stomach-spread"}
    for o in result.options:
        if o.treatment.id in ("debulking-surgery", "tace"):
            assert not set(o.why_sources) & digestive, (o.treatment.id, o.why_sources)
        for c in o.components:
            assert not set(c.sources) & digestive, (o.treatment.id, c.component.id, c.sources)


def test_a_team_question_on_a_limit_says_what_a_yes_does(kb: m.KnowledgeBase) -> None:
    """ENDOSCOPE_SMALL: "If so" under "Is the tumour too large ...?" rules it out; the size alone,
    which leaves the team's word open, only says it would still depend."""
    given = {"kind": ["net"], "site": ["stomach"], "spread": ["none"], "resectable": ["yes"]}
    result = engine.explore(kb, answers.check(given, kb.questions))
    [option] = [o for o in result.options if o.treatment.id == "endoscopic-resection"]
    team = [d for d in option.depends_on if d.key is None]
    assert team and all(d.effect == "not-suitable" for d in team)
    assert all("too large" in d.question for d in team)
    size = [e for d in option.depends_on if d.key == "size" for e in d.effects]
    assert size and all(e.effect != "not-suitable" for e in size), size


def test_reasons_quote_the_answers_in_plain_words(kb: m.KnowledgeBase) -> None:
    """A reason says what was answered as a statement, never the questionnaire's label."""
    given = {"kind": ["net"], "site": ["small-bowel"], "resectable": ["no"], "spread": ["none"]}
    result = engine.explore(kb, answers.check(given, kb.questions))
    words = " ".join(w for x in result.excluded for w in x.why)
    words += " ".join(w for o in result.options for w in o.why)
    assert "(unresectable)" not in words
    assert "Your answer was: No." not in words
    assert "You said: It is a neuroendocrine tumour (NET)" in words


def test_notes_about_nets_are_not_shown_for_a_nec(kb: m.KnowledgeBase) -> None:
    """NEC_DIFFERENT: what the pages say of grade 3 NETs and functioning pancreatic NETs is about
    NETs; a NEC (all high grade) is told neither. For a NET, both still show."""
    nec = {"kind": ["nec"], "site": ["pancreas"], "grade": ["3"]}
    net = {**nec, "kind": ["net"]}
    said_nec = {n.text for n in engine.explore(kb, answers.check(nec, kb.questions)).notes}
    said_net = {n.text for n in engine.explore(kb, answers.check(net, kb.questions)).notes}
    about_nets = said_net - said_nec
    assert any("grade 3" in t for t in about_nets), about_nets
    assert any("functioning" in t for t in about_nets), about_nets
    assert not [t for t in said_nec if "grade 3 NET" in t or "functioning" in t]


MERKEL_PRINCIPLE = "merkel-cell-treatment-not-described"


def test_merkel_cell_is_said_only_where_it_is_about_merkel_cell(
    kb: m.KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TYPE_DECIDES: no page says how Merkel cell carcinoma is treated, so the options wait on the
    team's word for a skin NET; a treatment's card and another site's options don't say it."""
    monkeypatch.setenv("NETCLI_NO_CACHE", "1")
    index = open_kb(default_kb_path())
    for name in ("surgery", "debulking-surgery", "chemotherapy-nec", "clinical-trials"):
        card = lookup.treatment(index, name, dt.date(2026, 1, 1))
        assert isinstance(card, lookup.TreatmentResult)
        assert MERKEL_PRINCIPLE not in {p.id for p in card.principles}, name
    card = lookup.compare(index, ["surgery", "prrt"], dt.date(2026, 1, 1))
    assert not [p for r in card.treatments for p in r.principles if p.id == MERKEL_PRINCIPLE]

    def explored(**given: str) -> engine.Matched:
        return engine.explore(kb, answers.check({k: [v] for k, v in given.items()}, kb.questions))

    def merkel_words(result: engine.Matched) -> list[str]:
        return [
            d.question
            for o in result.options
            for d in o.depends_on
            if d.key is None and "Merkel" in d.question
        ]

    pancreas = explored(kind="net", site="pancreas", spread="liver")
    assert not [o for o in pancreas.options for p in o.principles if p.id == MERKEL_PRINCIPLE]
    assert not merkel_words(pancreas)
    skin = explored(kind="net", site="skin", spread="liver")
    [surgery] = [o for o in skin.options if o.treatment.id == "surgery"]
    assert MERKEL_PRINCIPLE in {p.id for p in surgery.principles}
    assert merkel_words(skin)
    # Where it started is not known: the site question says what skin would do; the team's
    # question about Merkel cell carcinoma waits until the answers are about it.
    unknown = explored(kind="net", spread="liver")
    assert not merkel_words(unknown)
    [surgery] = [o for o in unknown.options if o.treatment.id == "surgery"]
    [site] = [d for d in surgery.depends_on if d.key == "site"]
    skin_label = next(
        c.label for q in kb.questions if q.id == "site" for c in q.choices if c.value == "skin"
    )
    assert [e.effect for e in site.effects if skin_label in e.values] == ["still-depends"]


@pytest.mark.parametrize(
    ("given", "never"),
    [
        # PLANNED_BY: the grade is one of the things the team plans by; once given, not asked.
        ({"kind": "net", "site": "pancreas", "grade": "1"}, r"\bgrade\b"),
        ({"kind": "net", "site": "small-bowel", "grade": "3", "spread": "none"}, r"\bgrade\b"),
        # OTHER_IF_BACK: not "if it has come back" after "it has not come back".
        (
            {"kind": "net", "site": "stomach", "previous": "surgery", "came_back": "no"},
            r"has come back|\bIf it comes back",
        ),
        # NEC_DIFFERENT: a NEC's questions never call it "the NET".
        ({"kind": "nec", "site": "colon", "spread": "liver"}, r"\bthe NET\b|\bmy NET\b"),
        ({"kind": "nec", "site": "lung", "previous": "surgery"}, r"\bthe NET\b|\bmy NET\b"),
        # No question about the timing of surgery after "you can't have surgery".
        ({"kind": "nec", "site": "colon", "spread": "none", "fit_for_surgery": "no"}, r"surgery"),
        (
            {"kind": "net", "site": "pancreas", "spread": "liver", "fit_for_surgery": "no"},
            r"surgery",
        ),
    ],
)
def test_the_questions_to_ask_follow_the_answers(
    kb: m.KnowledgeBase, given: dict[str, str], never: str
) -> None:
    checked = answers.check({k: [v] for k, v in given.items()}, kb.questions)
    result = assemble(kb, checked, dt.date(2026, 1, 1))
    asked = [a.text for a in summary.summarise(kb, result, dt.date(2026, 1, 1)).ask]
    assert asked
    assert not [t for t in asked if re.search(never, t)], asked


@pytest.mark.parametrize(
    "given",
    [
        {"kind": "net", "site": "small-bowel", "spread": "none", "previous": "surgery"},
        {"kind": "net", "site": "appendix", "found_at_appendectomy": "yes", "size": "up-to-2cm"},
    ],
)
def test_what_follows_never_says_it_came_back_when_that_is_not_known(
    kb: m.KnowledgeBase, given: dict[str, str]
) -> None:
    """OTHER_IF_BACK: the other treatments are for a NET that comes back; nobody said it has."""
    checked = answers.check({k: [v] for k, v in given.items()}, kb.questions)
    result = assemble(kb, checked, dt.date(2026, 1, 1))
    groups = result.overview.groups if result.overview else []
    first = " ".join(x.text for g in groups if g.id == "done" for x in g.because)
    assert first, "nothing is said of what was had"
    assert "said it has come back" not in first, first
