status 3 accepted
