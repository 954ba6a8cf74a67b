supersede 4 1
