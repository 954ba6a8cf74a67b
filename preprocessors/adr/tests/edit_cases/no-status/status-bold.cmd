status 4 accepted
