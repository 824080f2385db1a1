"""The ontology file is the single source of truth for IRIs.

`terms()` reads ontology/kg.ttl once and returns a closed namespace: asking for
a term that the file does not declare raises, so a typo never mints an IRI.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

ENTITY_TYPES = ("Project", "Enterprise", "Town", "Honour", "Programme")
LINKS = ("awardedTo", "locatedIn", "involves")


def ontology_path() -> Path:
    """kg/ontology/ in an installed wheel; the checkout's ontology/ otherwise."""
    packaged = resources.files("kg") / "ontology" / "kg.ttl"
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "ontology" / "kg.ttl"


@lru_cache(maxsize=None)
def graph():
    import rdflib
    g = rdflib.Graph()
    g.parse(ontology_path(), format="turtle")
    return g


@lru_cache(maxsize=None)
def terms():
    """(closed kg namespace, instance base IRI) from the ontology file."""
    from rdflib import URIRef
    from rdflib.namespace import OWL, RDF, ClosedNamespace, VANN

    g = graph()
    onto = next(g.subjects(RDF.type, OWL.Ontology))
    ns = str(g.value(onto, VANN.preferredNamespaceUri))
    names = sorted(str(s)[len(ns):] for s in set(g.subjects())
                   if isinstance(s, URIRef) and str(s).startswith(ns))
    base = str(next(o for p, o in g.predicate_objects(onto) if str(p) == ns + "instanceBase"))
    return ClosedNamespace(ns, names), base
