"""Language stage: language identification, the langdetect replay, word frequencies."""
