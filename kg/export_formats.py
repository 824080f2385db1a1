"""The export formats, as data: the CLI lists them without importing the writers."""

# format → (file names written, one-line description)
FORMATS = {
    "nt": (("graph.nt",), "N-Triples (UTF-8), every report merged"),
    "nq": (("graph.nq",), "N-Quads, one named graph per report"),
    "trig": (("graph.trig",), "TriG, one named graph per report"),
    "jsonld": (("graph.jsonld",), "JSON-LD with a context, one named graph per report"),
    "graphml": (("graph.graphml",), "GraphML property graph (networkx, yEd, Gephi)"),
    "gexf": (("graph.gexf",), "GEXF property graph (Gephi, networkx)"),
    "csv": (("nodes.csv", "relationships.csv"), "node and relationship CSV for neo4j-admin database import"),
}
