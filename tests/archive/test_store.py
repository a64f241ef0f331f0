"""The archive's records: uses replaced per article, earlier uses only, embeddings, pages, stats, opening."""

from __future__ import annotations

from PIL import Image

from app.archive.lookup import open_existing_lookup
from app.archive.stats import archive_stats
from app.engine.checker import Checker
from app.engine.encoders.base import EncoderProvider
from app.service import CheckService
from app.settings import Settings
from app.storage import ReportStore
from tests.archive.conftest import article, encoded, loaded, photo
from tests.controlled import ControlledClip


def test_an_article_recorded_again_replaces_its_uses(archive):
    rocket = photo("rocket-launch")
    archive.add(rocket, "Launch", "The rocket lifts off.", url="https://news.example/a", published="2015-02-12")
    archive.add(rocket, "Launch (updated)", "The rocket lifts off at dawn.", url="https://news.example/a",
                published="2015-02-12")
    archive.add(rocket, "Launch gallery", "Lift-off.", url="https://news.example/b", published="2015-02-13")
    totals = archive_stats(archive.store.engine)
    assert (totals.images, totals.uses, totals.articles) == (1, 2, 2)
    assert totals.earliest == "2015-02-12" and totals.latest == "2015-02-13" and totals.sources == {"archive": 2}
    assert totals.hash_rows >= 10 and totals.near_matchable == 1
    uses = archive.lookup.earlier_uses(loaded(rocket), article("New story", "A rocket.", published="2020-01-01"))
    assert [m.use.caption for m in uses] == ["The rocket lifts off at dawn.", "Lift-off."]


def test_earlier_uses_leave_out_the_same_article_and_later_ones(archive):
    cat = photo("cat-chelsea")
    archive.add(cat, "Cats", "A cat in 2018.", url="https://news.example/2018", published="2018-05-01")
    archive.add(cat, "Cats again", "A cat in 2022.", url="https://news.example/2022", published="2022-05-01")
    archive.add(cat, "Undated", "A cat, undated.", url="https://news.example/undated")
    query = loaded(cat)
    found = archive.lookup.earlier_uses(query, article("Cats now", "A cat.", url="https://news.example/2018",
                                                       published="2020-01-01"))
    assert [m.use.caption for m in found] == ["A cat, undated."]  # its own page and a later one are not earlier
    drafts = archive.lookup.earlier_uses(query, article("A draft", "A cat."))
    assert [m.use.caption for m in drafts] == ["A cat in 2018.", "A cat in 2022.", "A cat, undated."]
    assert {m.kind for m in drafts} == {"exact"}


def test_known_images_are_not_fingerprinted_again_and_embeddings_fill_in(archive):
    coffee = loaded(photo("coffee-cup"))
    recorder, store = archive.recorder, archive.store
    recorder.record(article("Coffee", "A cup.", url="https://news.example/c1"), {0: coffee}, source="archive")
    assert store.known([coffee.sha256, "0" * 64]) == {coffee.sha256}
    recorder.record(article("Coffee 2", "A cup.", url="https://news.example/c2"), {0: coffee}, source="archive",
                    embeddings={coffee.sha256: ("tiny-clip|fp32", b"\x00" * 128)})
    assert archive_stats(store.engine).with_embedding == 1


def test_pages_read_by_the_index_are_remembered(archive):
    assert not archive.store.page_done("https://news.example/p")
    archive.store.mark_page("https://news.example/p", "indexed", 2)
    archive.store.mark_page("https://news.example/p", "indexed", 3)
    assert archive.store.page_done("https://news.example/p")
    assert archive_stats(archive.store.engine).pages_read == 1


def test_the_cli_opens_an_existing_database_only(tmp_path):
    settings = Settings(data_dir=tmp_path / "data")
    assert open_existing_lookup(settings) is None
    assert not (tmp_path / "data").exists()
    ReportStore(settings.resolved_database_url()).close()
    opened = open_existing_lookup(settings)
    assert opened is not None
    opened[1].close()
    assert open_existing_lookup(settings.model_copy(update={"archive_lookup": False})) is None


def _service(settings: Settings, text_encoder) -> CheckService:  # noqa: ANN001
    clip = ControlledClip({"rocket": (200, 30, 30)})
    store = ReportStore(settings.resolved_database_url())
    return CheckService(settings, Checker(settings, EncoderProvider(lambda: text_encoder, lambda: clip)), store)


def test_checks_are_recorded_only_when_configured(tmp_path, text_encoder):
    red = encoded(Image.new("RGB", (48, 32), (200, 30, 30)))
    story = article("Rocket launch delayed", "The rocket on its pad before the delayed launch.",
                    body="The rocket launch was delayed by a day because of high winds, the agency said.")
    drafts = _service(Settings(data_dir=tmp_path / "a"), text_encoder)
    drafts.run(story, {0: red}, source="api")
    assert archive_stats(drafts.store.engine).images == 0
    recording = _service(Settings(data_dir=tmp_path / "b", archive_record_checks=True), text_encoder)
    first = recording.run(story, {0: red}, source="api")
    assert archive_stats(recording.store.engine).sources == {"api": 1}
    assert "image_reused" not in [r.code for r in first.figures[0].reasons]
    # The same draft checked again is not its own earlier use; another story with the photo is.
    again = recording.run(story, {0: red}, source="api")
    assert "image_reused" not in [r.code for r in again.figures[0].reasons]
    other = article("Storm closes the coast", "The rocket on its pad.", body="A storm closed the coast on Sunday.")
    reused = recording.run(other, {0: red}, source="web")
    assert "image_reused" in [r.code for r in reused.figures[0].reasons]
