"""What a VCS editor changes: form validation and the diffs a reviewer reads."""
