link 3 --amends 2
