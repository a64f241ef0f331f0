"""The CMS pre-publish webhook: Standard Webhooks signatures, decisions, callback delivery."""
