"""Learning from the labelled corpus: loading and de-duplicating it (corpus), keeping it apart
from the frozen evaluation sets (overlap), and training the second opinion (train)."""
