"""The JSON API's routes: checks (/v1/checks), the pre-publish webhook (/v1/hooks) and health."""
