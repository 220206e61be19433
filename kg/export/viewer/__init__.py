"""The HTML viewer's parts: `model` (RDF graph → nodes, edges, panel details),
`style` (how each kind, role and claim looks), and the page's static files
(template.html, viewer.js, panel.js, viewer.css), kept as package data rather
than Python string literals so they can be edited, linted and diffed as what
they are."""

__all__: list[str] = []
