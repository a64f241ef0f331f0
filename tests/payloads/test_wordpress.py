"""WordPress REST post objects as articles: figures out of the rendered content, body without them."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from app.errors import InputError
from app.payloads import to_article
from app.payloads.wordpress import to_article as wordpress_article
from tests.webhooks.conftest import REPO


def _post(content: str, **extra: object) -> dict:
    return {"id": 9, "date": "2024-05-02T10:15:00", "link": "https://cms.example.org/?p=9",
            "title": {"rendered": "Floods &#8211; the river rises"},
            "content": {"rendered": content, "protected": False}, **extra}


def test_the_seed_sample_reads_as_three_captioned_figures():
    kind, article = to_article(json.loads((REPO / "samples" / "wordpress-post.json").read_text()))
    assert kind == "wordpress"
    assert article.headline.startswith("Afghan government and Taliban")
    assert article.published == datetime(2020, 9, 12, 18, 40)
    assert [f.caption.split()[0] for f in article.figures] == ["Members", "Taliban", "Supporters"]
    assert "US Capitol" not in article.body and "Taliban’s political office" in article.body


def test_block_editor_figure_with_lazy_loading_and_srcset():
    content = (
        '<p>The river rose overnight.</p>'
        '<figure class="wp-block-image"><img src="data:image/gif;base64,R0lGOD" '
        'data-src="https://cdn.example.org/flood.jpg" alt="Water in a street">'
        '<figcaption class="wp-element-caption">Water covers a street in the old town.</figcaption></figure>'
        '<figure class="wp-block-image"><img srcset="https://cdn.example.org/b-300.jpg 300w, '
        'https://cdn.example.org/b-1200.jpg 1200w"><figcaption>Rescuers row a boat.</figcaption></figure>'
    )
    article = wordpress_article(_post(content))
    assert article.headline == "Floods – the river rises"
    assert [(f.image, f.caption, f.alt) for f in article.figures] == [
        ("https://cdn.example.org/flood.jpg", "Water covers a street in the old town.", "Water in a street"),
        ("https://cdn.example.org/b-1200.jpg", "Rescuers row a boat.", None),
    ]
    assert article.body == "The river rose overnight."


def test_classic_editor_caption_and_gallery_give_one_figure_per_photo():
    content = (
        '<div id="attachment_5" class="wp-caption aligncenter"><img src="https://cdn.example.org/a.jpg">'
        '<p class="wp-caption-text">Sandbags line the quay.</p></div>'
        '<figure class="wp-block-gallery">'
        '<figure class="wp-block-image"><img src="https://cdn.example.org/g1.jpg">'
        '<figcaption>One.</figcaption></figure>'
        '<figure class="wp-block-image"><img src="https://cdn.example.org/g2.jpg">'
        '<figcaption>Two.</figcaption></figure>'
        '<figcaption class="blocks-gallery-caption">The gallery as a whole.</figcaption></figure>'
        '<p>Officials urged residents to leave.</p>'
    )
    article = wordpress_article(_post(content))
    assert [f.caption for f in article.figures] == ["Sandbags line the quay.", "One.", "Two."]
    assert article.body == "Officials urged residents to leave."


def test_uncaptioned_figures_are_skipped_and_featured_image_comes_first():
    embedded = {"wp:featuredmedia": [{"source_url": "https://cdn.example.org/lead.jpg", "alt_text": "",
                                      "caption": {"rendered": "<p>The flooded square at dawn.</p>"}}]}
    content = '<p>Text.</p><figure><img src="https://cdn.example.org/x.jpg"></figure>'
    article = wordpress_article(_post(content, _embedded=embedded))
    assert [(f.image, f.caption) for f in article.figures] == [
        ("https://cdn.example.org/lead.jpg", "The flooded square at dawn.")]


def test_a_post_with_no_images_has_no_figures():
    article = wordpress_article(_post("<p>Just words.</p>"))
    assert article.figures == [] and article.body == "Just words."


def test_content_of_only_figures_falls_back_to_the_excerpt():
    content = '<figure><img src="https://cdn.example.org/x.jpg"><figcaption>A caption.</figcaption></figure>'
    article = wordpress_article(_post(content, excerpt={"rendered": "<p>The short version.</p>"}))
    assert article.body == "The short version."


@pytest.mark.parametrize(("post", "field"), [
    ({"title": {"rendered": ""}, "content": {"rendered": "<p>x</p>"}}, "title.rendered"),
    ({"title": {"rendered": "T"}, "content": {"rendered": "<figure></figure>"}}, "content.rendered"),
])
def test_missing_title_or_text_names_the_wordpress_field(post, field):
    with pytest.raises(InputError) as caught:
        wordpress_article(post)
    assert caught.value.field == field


def test_wordpress_zero_date_means_unpublished():
    article = wordpress_article({**_post("<p>x</p>"), "date": "0000-00-00 00:00:00", "date_gmt": None})
    assert article.published is None
