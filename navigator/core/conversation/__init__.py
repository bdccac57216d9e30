"""A conversation with a resident: its state, questions, answers, replies and nudges."""
