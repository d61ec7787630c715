"""The web service: pages (Jinja2 + htmx) and the JSON API, over the domain's application service."""
