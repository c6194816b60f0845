//! One diagnostic model and its renderers: human (source excerpts), JSON, SARIF 2.1.0 and GitHub Actions annotations.
