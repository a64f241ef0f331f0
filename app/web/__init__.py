"""The newsroom web form: server-rendered pages (Jinja2) over the same CheckService as the API.

`app.web.routes.mount(app)` adds the pages and their static files to the FastAPI app.
"""
