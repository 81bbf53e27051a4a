"""The settlement workflow: concept → voorgesteld → goedgekeurd (vier ogen) → geexporteerd."""
