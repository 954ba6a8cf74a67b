link 7 --relates 1
