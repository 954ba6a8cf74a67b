status 2 accepted
