link 6 --amends 2
