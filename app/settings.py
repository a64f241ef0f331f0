"""The one place configuration is read: environment variables prefixed CAPTIONCHECK_."""

from __future__ import annotations

from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Severity(str, Enum):
    info = "info"
    review = "review"
    mismatch = "mismatch"

    @property
    def rank(self) -> int:
        return {"info": 0, "review": 1, "mismatch": 2}[self.value]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CAPTIONCHECK_", extra="ignore")

    clip_model: str = Field(
        "ViT-B-32",
        description="open_clip architecture name, or a path to a custom open_clip config JSON.",
    )
    clip_pretrained: str = Field(
        "laion2b_s34b_b79k",
        description="open_clip pretrained tag, a local checkpoint file, or an hf-hub: id.",
    )
    text_model: str = Field(
        "all-MiniLM-L6-v2",
        description="'all-MiniLM-L6-v2' (bundled, offline) or a sentence-transformers path/name.",
    )
    torch_threads: int | None = Field(
        None, ge=1, le=256,
        description="CPU threads torch may use per process for the models; unset = torch's default "
        "(one per core). 1 is faster when several checks or other work share few cores.",
    )
    ner_model: str = Field(
        "en_core_web_sm",
        description="spaCy pipeline for names, places and dates in captions: 'en_core_web_sm' "
        "(bundled, offline), an installed pipeline package (en_core_web_trf) or a folder.",
    )
    models_dir: Path = Field(REPO_ROOT / "models", description="Model catalogue and weight cache.")
    data_dir: Path = Field(REPO_ROOT / "data", description="Where the default SQLite database lives.")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default SQLite in data_dir.")
    device: str = Field("auto", description="auto, cpu, cuda, cuda:N or mps.")
    batch_size: int = Field(32, ge=1, le=1024, description="Images or texts encoded per batch.")
    clip_precision: Literal["auto", "fp32", "fp16", "int8"] = Field(
        "auto", description="auto: fp16 on a GPU, fp32 on a CPU; int8: the faster CPU path."
    )
    require_clip: bool = Field(
        False,
        description="Refuse to run (exit 3) when CLIP weights cannot be had, instead of checking "
        "everything else and marking figures image_not_checked.",
    )
    ocr_enabled: bool = Field(
        True, description="Read the text inside photos (placards, banners, on-screen text) and check it."
    )
    ocr_engine: Literal["rapidocr", "tesseract"] = Field(
        "rapidocr",
        description="rapidocr: models bundled in its wheel; tesseract: needs Debian's tesseract-ocr installed.",
    )
    ocr_min_confidence: float = Field(
        0.8, ge=0, le=1, description="Least OCR confidence of a word read in a photo for it to count as evidence."
    )
    photo_metadata_enabled: bool = Field(
        True,
        description="Read what the photo file says about itself (IPTC, XMP, EXIF, GPS, C2PA) and check it "
        "against the caption and story.",
    )
    c2pa_trust_anchors: Path | None = Field(
        None,
        description="PEM file of root certificates whose C2PA signers are trusted (added to the C2PA SDK's "
        "own); unset = a valid signature is reported with its signer unconfirmed.",
    )

    # Decision policy
    block_at: Severity = Field(Severity.mismatch, description="Lowest severity that blocks an article.")
    review_at: Severity = Field(Severity.review, description="Lowest severity that asks for review.")
    severity_overrides: dict[str, Severity] = Field(
        default_factory=dict,
        description='Per reason code severity, JSON, e.g. {"caption_person_unknown": "info"}.',
    )
    stale_photo_years: float = Field(
        5.0, gt=0,
        description="A caption dating its photo this many years before the story, without calling it a "
                    "file or archive photo, is a mismatch (recycled old photos); closer dates past "
                    "date_tolerance_days ask for review, or more if the caption decision says so.",
    )
    caption_false_flags: float | None = Field(
        None, ge=0.0, le=1.0,
        description="Share of genuine captions the caption decision may flag for review (0.01 to 0.10, "
                    "as cross-validated when it was fitted): lower means fewer flags and fewer catches. "
                    "Unset: the fitted cut-off.",
    )
    date_tolerance_days: int = Field(
        180, ge=0, description="How far a caption's explicit date may be from publication."
    )

    # Input limits
    max_image_bytes: int = Field(20 * 1024 * 1024, description="Largest image file accepted.")
    max_image_pixels: int = Field(40_000_000, description="Largest image (width x height) decoded.")
    max_decoded_megapixels_per_request: float = Field(
        250.0, gt=0,
        description="Most megapixels one check may decode, its photos together (a large JPEG counts at the "
        "reduced size it is decoded at); more is refused with 413.",
    )
    max_decoded_megapixels_in_flight: float = Field(
        160.0, gt=0,
        description="Most megapixels being decoded at once in one process, all checks together; a photo "
        "waits for room (up to 20 s), then its check is refused with 503.",
    )
    max_figures: int = Field(50, description="Most figures in one article.")
    max_text_chars: int = Field(200_000, description="Longest headline + body accepted.")
    fetch_timeout_s: float = Field(
        15.0, gt=0, description="Overall deadline (connect, redirects, download) for fetching an image URL."
    )

    # Service
    host: str = Field("127.0.0.1", description="Address `captioncheck serve` binds to.")
    port: int = Field(8000, ge=1, le=65535, description="Port `captioncheck serve` listens on.")
    allow_private_urls: bool = Field(
        False, description="Let the service fetch images from loopback/private/link-local addresses."
    )
    max_redirects: int = Field(5, ge=0, description="Redirects followed when fetching an image URL.")
    max_request_bytes: int = Field(100 * 1024 * 1024, description="Largest HTTP request body accepted.")
    batch_wait_ms: float = Field(
        5.0, ge=0, description="How long the model queue waits to fill a batch from concurrent requests."
    )
    retention_days: int = Field(
        90, ge=0, description="Stored reports older than this are deleted (0 keeps them forever)."
    )
    thumbnail_px: int = Field(320, ge=32, le=1024, description="Longest side of stored thumbnails.")
    page_size: int = Field(20, ge=1, le=200, description="Reports per page in listings.")
    decode_workers: int | None = Field(
        None, ge=0, le=256, description="Processes that decode, hash and thumbnail images (uploads, audits, "
        "archive index); unset = one per CPU core, 0 = decode in the process itself."
    )

    # captioncheck audit (published pages)
    audit_concurrency: int = Field(8, ge=1, le=256, description="Requests in flight at once in an audit.")
    audit_per_host: int = Field(2, ge=1, le=64, description="Requests in flight at once to one host.")
    audit_timeout_s: float = Field(20.0, gt=0, description="Deadline for one request of an audit.")
    audit_retries: int = Field(3, ge=0, le=10, description="Retries on 429, 5xx and network errors.")
    audit_max_retry_after_s: float = Field(
        120.0, ge=0, description="Longest Retry-After an audit waits before retrying."
    )
    audit_max_page_bytes: int = Field(10 * 1024 * 1024, description="Largest page (HTML) an audit reads.")
    audit_max_pages: int = Field(50_000, ge=1, description="Most pages one audit takes from its targets.")

    # Archive memory: published images seen before (captioncheck archive)
    archive_lookup: bool = Field(
        True, description="Look every checked image up in the archive of published images (image_reused)."
    )
    archive_record_checks: bool = Field(
        False, description="Also record images of API, web-form and webhook checks (drafts) in the archive."
    )
    archive_trusted_sites: str | None = Field(
        None,
        description="Comma-separated sites (host names; subdomains included) whose audited pages join the "
        "archive as trusted; pages of other sites join only with audit_record_archive, marked untrusted.",
    )
    audit_record_archive: bool = Field(
        False,
        description="Also record audited pages of sites not in archive_trusted_sites in the archive, as "
        "untrusted uses (an image_reused flag they raise is at most review).",
    )
    archive_max_distance: int = Field(
        12, ge=0, le=32, description="Most perceptual-hash bits (of 64) between a photo and an archived copy."
    )
    archive_min_similarity: float = Field(
        0.7, ge=0, le=1, description="Least thumbnail similarity that confirms a near-duplicate."
    )

    api_keys: str | None = Field(
        None,
        description="Comma-separated API keys (16+ characters each) that /v1 and /metrics require as "
        "Bearer tokens; unset = the service answers this machine (loopback) only.",
    )
    webhook_secrets: str | None = Field(
        None,
        description="Comma-separated whsec_<base64> secrets for Standard Webhooks signatures (any one "
        "verifies; the first signs callbacks); unset = unsigned webhooks from loopback only.",
    )

    # Access, limits, overload (see README "Security and limits")
    web_users: str | None = Field(
        None, description="Web form logins: comma-separated name:pbkdf2_sha256$... (captioncheck users hash)."
    )
    trusted_user_header: str | None = Field(
        None, description="Header naming the signed-in user, set by a trusted reverse proxy (e.g. X-Forwarded-User)."
    )
    trusted_proxies: str = Field(
        "127.0.0.1,::1", description="Comma-separated addresses/networks whose trusted_user_header is honoured."
    )
    session_secret: str | None = Field(
        None, description="Key signing web session cookies; unset = random per start (sessions end on restart)."
    )
    session_max_age_s: int = Field(8 * 3600, ge=60, description="How long a web login lasts.")
    rate_limit_per_min: int = Field(
        120, ge=0, description="Requests per minute per API key (or user, or client address); 0 = no limit."
    )
    max_pending_checks: int = Field(
        32, ge=1, description="Checks running or waiting at once; more are refused with 503 and Retry-After."
    )
    overload_retry_after_s: int = Field(5, ge=1, description="Retry-After (seconds) sent with an overload 503.")
    client_address_header: str | None = Field(
        None,
        description="Header in which a reverse proxy passes the client's address (X-Forwarded-For or "
        "X-Real-IP), honoured only from trusted_proxies; sign-in attempts are limited per that address. "
        "Unset = the connecting peer's address.",
    )

    # CMS pre-publish webhook
    webhook_review_decision: Literal["review", "allow", "block"] = Field(
        "review", description="What the webhook answers for an article whose verdict is review."
    )
    webhook_retry_attempts: int = Field(5, ge=1, le=20, description="Callback deliveries tried per result.")
    webhook_retry_base_s: float = Field(
        2.0, ge=0, description="Wait before the second callback attempt; doubled for each one after."
    )
    webhook_callback_timeout_s: float = Field(10.0, gt=0, description="Deadline of one callback attempt.")
    webhook_max_body_bytes: int = Field(
        1024 * 1024, ge=1024,
        description="Largest pre-publish webhook body accepted (images travel by URL); read as a "
        "stream that stops here, after the signing headers are checked.",
    )
    webhook_workers: int = Field(2, ge=1, le=32, description="Threads running async checks and callbacks.")

    # --engine ray (captioncheck audit, captioncheck archive index)
    ray_address: str | None = Field(
        None, description="Ray cluster for --engine ray: auto (the one this machine belongs to) or "
        "ray://host:10001; unset = a local Ray is started for the run. The --ray-address flag wins."
    )
    ray_num_cpus: int | None = Field(None, ge=1, description="CPUs a locally started Ray may use; unset = all.")
    ray_object_store_mb: int | None = Field(
        None, ge=80, description="Object store of a locally started Ray, in MB; unset = Ray's default."
    )
    ray_fetchers: int = Field(
        2, ge=1, le=256, description="Fetching actors; each keeps the per-host limits and robots.txt of "
        "audit_per_host, so one host sees at most ray_fetchers x audit_per_host requests at once."
    )
    ray_encoders: int | None = Field(
        None, ge=1, description="Actors holding the models and checking pages; unset = ray_encoders_per_gpu "
        "per GPU, or one on a cluster without GPUs."
    )
    ray_encoders_per_gpu: int = Field(
        1, ge=1, le=16, description="Checking actors sharing each GPU (each with its own copy of the models): "
        "while one runs the text checks of its pages, another's photos are on the GPU."
    )
    ray_archive_writers: int = Field(1, ge=1, le=64, description="Actors writing `archive index` pages.")
    ray_batch_pages: int = Field(
        16, ge=1, le=4096, description="Pages per Ray Data batch; an encoder actor encodes a batch's "
        "images together."
    )

    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'captioncheck.db'}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
