supersede 3 2
