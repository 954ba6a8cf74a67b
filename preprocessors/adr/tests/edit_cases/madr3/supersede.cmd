supersede 1 2
