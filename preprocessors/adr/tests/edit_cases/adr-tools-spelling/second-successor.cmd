supersede 2 5
