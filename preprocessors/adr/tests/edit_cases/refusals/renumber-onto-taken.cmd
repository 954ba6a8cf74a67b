renumber 3 6
