status 3 rejected
