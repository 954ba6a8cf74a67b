link 1 --relates 2
