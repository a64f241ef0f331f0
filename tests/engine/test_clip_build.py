"""CLIP built from its checkpoint without a random initialisation first: the model open_clip
builds, tensor for tensor, in less memory."""

from __future__ import annotations

import open_clip
import pytest
import torch

from app.engine.encoders import clip_build
from app.engine.encoders.clip_build import NotCovered, create_from_checkpoint
from tests.fixtures.tiny_clip import reference_model, tiny_clip_checkpoint  # noqa: F401  (pytest fixture)


def test_the_model_is_the_one_open_clip_builds(tiny_clip_checkpoint, tmp_path):
    config, checkpoint = tiny_clip_checkpoint
    open_clip.add_model_config(config)
    model, preprocess = create_from_checkpoint(config.stem, str(checkpoint), "cpu", str(tmp_path))
    reference, reference_preprocess = reference_model(config, checkpoint)
    built, expected = model.state_dict(), reference.state_dict()
    assert built.keys() == expected.keys()
    assert all(torch.equal(built[key], expected[key]) for key in expected)
    assert torch.equal(model.attn_mask, reference.attn_mask)  # the one buffer not in a checkpoint
    assert not any(t.is_meta for t in [*model.parameters(), *model.buffers()])
    assert str(preprocess) == str(reference_preprocess)
    model.eval()
    tokens = open_clip.get_tokenizer(config.stem)(["a rocket at dusk", "a cup of coffee"])
    with torch.inference_mode():
        assert torch.equal(model.encode_text(tokens), reference.encode_text(tokens))
        pixels = torch.rand(2, 3, 32, 32)
        assert torch.equal(model.encode_image(pixels), reference.encode_image(pixels))
    # open_clip's classes load state dicts as before once the build is done.
    assert "load_state_dict" not in vars(open_clip.model.CLIP)


def test_a_tensor_the_checkpoint_lacks_means_the_usual_build(tiny_clip_checkpoint, tmp_path, monkeypatch):
    config, checkpoint = tiny_clip_checkpoint
    open_clip.add_model_config(config)
    monkeypatch.setattr(clip_build, "_rebuild_masks", lambda model: None)  # the mask stays unset
    with pytest.raises(NotCovered, match="attn_mask"):
        create_from_checkpoint(config.stem, str(checkpoint), "cpu", str(tmp_path))
