"""The audit report page: one self-contained HTML file (inline CSS, images as data: URIs, no scripts)."""

TEMPLATE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
:root { --ok: #1b7f3b; --review: #9a6700; --bad: #b42318; --muted: #5b6470; --line: #d9dde3; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1f2328; background: #f6f7f9; }
header.top, main { max-width: 1100px; margin: 0 auto; padding: 16px 20px; }
h1 { font-size: 1.5rem; margin: 8px 0; }
h2 { font-size: 1.15rem; margin: 0 0 4px; }
a { color: #0b57d0; }
.muted { color: var(--muted); font-size: .9rem; }
.summary { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; padding: 0; list-style: none; }
.summary li { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px; }
.summary b { display: block; font-size: 1.3rem; }
table.pages { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); }
table.pages th, table.pages td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
section.page { background: #fff; border: 1px solid var(--line); border-radius: 10px; margin: 18px 0; padding: 14px 16px; }
.figure { display: grid; grid-template-columns: 180px 1fr; gap: 14px; padding: 12px 0; border-top: 1px solid var(--line); }
.thumb img { max-width: 180px; max-height: 180px; border-radius: 6px; display: block; }
.noimage { width: 180px; height: 100px; display: flex; align-items: center; justify-content: center; text-align: center;
  background: #eef0f3; color: var(--muted); border-radius: 6px; font-size: .85rem; padding: 6px; }
.caption { font-size: 1rem; margin: 0 0 4px; }
.badge { display: inline-block; font-weight: 600; font-size: .8rem; padding: 2px 8px; border-radius: 999px; color: #fff; white-space: nowrap; }
.badge.consistent, .badge.pass { background: var(--ok); }
.badge.review { background: var(--review); }
.badge.mismatch, .badge.block { background: var(--bad); }
.badge.error, .badge.skipped, .badge.no_article { background: #6e7781; }
ul.reasons { margin: 6px 0 0; padding-left: 18px; }
ul.reasons li.mismatch { color: var(--bad); }
ul.reasons li.review { color: var(--review); }
code { font-size: .85em; background: #eef0f3; padding: 0 4px; border-radius: 4px; }
.error { color: var(--bad); }
.banner { background: #fff8e1; border: 1px solid #d4a017; border-left: 6px solid #d4a017; border-radius: 8px;
  padding: 10px 14px; margin: 12px 0; }
.banner p { margin: 4px 0; }
.label { font-weight: 600; font-size: .85rem; margin: 10px 0 2px; }
table.meta { border-collapse: collapse; font-size: .9rem; }
table.meta th, table.meta td { text-align: left; padding: 2px 10px 2px 0; vertical-align: top; }
table.meta th { font-weight: 600; white-space: nowrap; }
table.meta tr.disagrees td { color: var(--bad); }
ul.words { list-style: none; padding: 0; margin: 2px 0; display: flex; flex-wrap: wrap; gap: 4px; }
ul.words li { background: #fff3c4; border: 1px solid #e0b400; border-radius: 4px; padding: 0 6px; font-size: .85rem; }
@media (max-width: 640px) { .figure { grid-template-columns: 1fr; } }
</style>
</head>
<body>
<header class="top">
  <h1>{{ title }}</h1>
  <p class="muted">Generated {{ generated }}{% if run_id %} · run <code>{{ run_id }}</code>{% endif %}</p>
  {% if no_clip %}
  <div class="banner" id="no-clip" role="note">
    <p><b>{{ no_clip.title }} — how to add them</b></p>
    <p>{{ no_clip.how }}</p>
    {% if no_clip.why %}<p class="muted">Why: {{ no_clip.why }}</p>{% endif %}
    <p class="muted">{{ no_clip.pages }} page{{ "" if no_clip.pages == 1 else "s" }} had photos that were not compared with their captions.</p>
  </div>
  {% endif %}
  <ul class="summary">
    {% for label, value in summary %}<li><b>{{ value }}</b>{{ label }}</li>{% endfor %}
  </ul>
</header>
<main>
  <table class="pages">
    <thead><tr><th>Page</th><th>Result</th><th>Figures</th><th>Flagged</th></tr></thead>
    <tbody>
    {% for page in pages %}
      <tr><td><a href="#page-{{ loop.index }}">{{ page.title }}</a><div class="muted">{{ page.url }}</div></td>
          <td><span class="badge {{ page.badge }}">{{ page.badge_label }}</span></td>
          <td>{{ page.figure_count }}</td><td>{{ page.flagged }}</td></tr>
    {% endfor %}
    </tbody>
  </table>
  {% for page in pages %}
  <section class="page" id="page-{{ loop.index }}">
    <h2>{% if page.href %}<a href="{{ page.href }}">{{ page.title }}</a>{% else %}{{ page.title }}{% endif %}
      <span class="badge {{ page.badge }}">{{ page.badge_label }}</span></h2>
    <p class="muted">{{ page.url }}{% if page.published %} · published {{ page.published }}{% endif %}{% if page.final_url %} · redirected to {{ page.final_url }}{% endif %}</p>
    {% if page.error %}<p class="error">{{ page.error }}</p>{% endif %}
    {% for note in page.notes %}<p class="muted">{{ note }}</p>{% endfor %}
    {% for fig in page.figures %}
    <div class="figure">
      <div class="thumb">{% if fig.thumbnail %}<img src="{{ fig.thumbnail }}" alt="Figure {{ fig.number }}: {{ fig.alt }}{% if fig.boxed %} (text read in the photo boxed){% endif %}">{% else %}<div class="noimage">{{ fig.no_image }}</div>{% endif %}</div>
      <div>
        <p class="caption"><span class="badge {{ fig.verdict }}">{{ fig.verdict_label }}</span> <b>Figure {{ fig.number }}.</b> {{ fig.caption }}</p>
        {% if fig.credit %}<p class="muted">Credit: {{ fig.credit }}</p>{% endif %}
        {% if fig.image %}<p class="muted">Image: {{ fig.image }}</p>{% endif %}
        {% if fig.image_error %}<p class="error">Image not checked: {{ fig.image_error }}</p>{% endif %}
        {% if fig.metadata %}
        <div class="filemeta"><p class="label">What the photo file says about itself</p>
        <table class="meta"><tbody>
          {% for row in fig.metadata %}<tr class="meta-{{ row.key }}{% if row.disagrees %} disagrees{% endif %}"><th scope="row">{{ row.label }}</th><td>{{ row.value }}{% if row.disagrees %} (disagrees){% endif %}</td><td class="muted">{{ row.source }}</td></tr>
          {% endfor %}
        </tbody></table></div>
        {% endif %}
        {% if fig.words %}
        <div class="textread"><p class="label">Text read in the photo{% if fig.boxed %} (boxed on the thumbnail){% endif %}</p>
        <ul class="words">{% for word in fig.words %}<li>{{ word.text }}</li>{% endfor %}</ul></div>
        {% endif %}
        {% if fig.reasons %}<ul class="reasons">{% for r in fig.reasons %}<li class="{{ r.severity }}"><code>{{ r.code }}</code> ({{ r.severity }}): {{ r.message }}</li>{% endfor %}</ul>{% endif %}
      </div>
    </div>
    {% endfor %}
  </section>
  {% endfor %}
</main>
</body>
</html>
"""
