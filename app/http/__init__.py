"""What the JSON API (app.api) and the web form (app.web) share: access and sessions, problem
answers, security headers, limits, overload, logs and metrics. The app that serves both is
assembled in app.server.create_app, so this package imports neither route package."""
