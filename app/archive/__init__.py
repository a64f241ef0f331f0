"""Archive memory: every published image Captioncheck has seen, to recognise reused photos.

`fingerprint` (perceptual hashes and a small alignment-searchable thumbnail), `index`
(multi-index hashing over 64-bit hashes), `store` (the tables, on the report database),
`lookup` (earlier uses of an image), `recorder` (adding an article's images), `signal`
(an earlier use against the new caption -> `image_reused`) and `backfill` (`archive index`).
"""
