supersede 3 4
