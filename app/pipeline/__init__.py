"""Archive-scale work in stages joined by bounded queues: what `captioncheck audit`, `captioncheck
archive index` and the service's uploads share, and what the Ray engine reuses.

- `decode.decode_and_hash` (a worker's job: decode, hashes, thumbnail, CLIP pixels, photo text),
- `pool.DecodePool` (worker processes over all cores, a crash confined to its image),
- `encode.ImageEmbedder` (CLIP over batches, the embedding cache read and filled per batch) and
  `encode.PrecomputedClip` (the checks' CLIP answering from those rows),
- `audit_stages.EncodeStage` (the encode stage of a pages pipeline),
- `stages` (bounded queues, one thread per stage, progress per stage),
- `gpu.gpu_pixels` (JPEGs decoded and resized on the GPU, for encode-only pipelines).

Storage in batches is app.storage.batch (reports and audit pages) and app.archive.bulk
(archive records); docs/performance.md lists the signatures.
"""
