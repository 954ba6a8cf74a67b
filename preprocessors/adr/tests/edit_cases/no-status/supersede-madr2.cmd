supersede 2 4
