"""Policy versions: the change registry per version, badges and the versions page (changes)."""
