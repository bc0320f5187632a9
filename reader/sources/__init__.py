"""Where articles come from besides the configured feeds and files: feed server accounts (accounts/)."""
