"""Report renderers shared by the commands: CSV (one row per figure) and a self-contained HTML page."""

from app.reports.csv_report import render_csv
from app.reports.html_report import render_html

__all__ = ["render_csv", "render_html"]
