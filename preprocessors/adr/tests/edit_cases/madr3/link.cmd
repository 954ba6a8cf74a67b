link 2 --amends 1
