extensions = ["sphinx_glossterms"]
exclude_patterns = ["_build"]
project = "I18n"
copyright = "2026, tests"
version = release = "1.0"
language = "de"
locale_dirs = ["locale"]
gettext_compact = False
