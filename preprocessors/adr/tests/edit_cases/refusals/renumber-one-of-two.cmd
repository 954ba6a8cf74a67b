renumber 0006-six-again 7
