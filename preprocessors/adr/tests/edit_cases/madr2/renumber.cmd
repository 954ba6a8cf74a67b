renumber 2 5
