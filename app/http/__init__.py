"""What the JSON API (app.api) and the web form (app.web) share: access and sessions, problem
answers, security headers, limits, overload, logs and metrics, and the app that serves both
(app.http.app.create_app, the one module here that imports the routes)."""
