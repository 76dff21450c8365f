"""Publishing policy versions with mike: release and publish/rebuild (release)."""
