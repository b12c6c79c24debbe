"""The words the views use for the knowledge base's fixed values (shared by every format)."""

GOALS = {
    "cure": "to cure",
    "control": "to control the cancer",
    "symptom-relief": "to relieve symptoms",
    "quality-of-life": "to keep a good quality of life",
    "support": "support while other treatment is planned",
}
CATEGORIES = {
    "surgery": "Surgery",
    "liver-directed": "Treatments aimed at the liver",
    "drug": "Drug treatments",
    "radiotherapy": "Radiotherapy",
    "symptom-control": "Symptom control",
    "trials-and-other": "Clinical trials and other",
}
EFFECT = {"fits": "it may fit", "not-suitable": "the sources say it would not be suitable"}
