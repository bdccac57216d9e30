"""What staff read: published summaries, small-number disclosure control and charts."""
