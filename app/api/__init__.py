"""HTTP interface: the JSON API, health checks, and the app that also serves the web form."""
